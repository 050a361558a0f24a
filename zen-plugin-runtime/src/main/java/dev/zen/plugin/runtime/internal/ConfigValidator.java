package dev.zen.plugin.runtime.internal;

import com.google.re2j.Pattern;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest.ConfigProperty;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a provider's settings against a plugin's {@code configuration_schema}: required keys, types, patterns, and
 * fills in defaults. Numbers and booleans written as text (as environment variables give them) are converted.
 * Keys the schema does not list are passed through unchanged.
 */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    /**
     * The effective settings: the given values, converted to their declared types, plus defaults.
     *
     * @throws IntegrationException {@code CONFIG_ERROR} naming the key
     */
    public static Map<String, Object> validate(String plugin, Map<String, ConfigProperty> schema,
                                               Map<String, Object> settings) {
        Map<String, Object> out = new LinkedHashMap<>(settings);
        for (Map.Entry<String, ConfigProperty> e : schema.entrySet()) {
            String key = e.getKey();
            ConfigProperty p = e.getValue();
            Object value = settings.get(key);
            if (value == null) {
                if (p.defaultValue() != null) {
                    out.put(key, p.defaultValue());
                    continue;
                }
                if (p.required()) {
                    throw Errors.configError(plugin, key, "configuration key '" + key + "' is required"
                            + (p.description() == null ? "" : " (" + p.description() + ")")
                            + "; set it in the provider's settings");
                }
                out.remove(key);
                continue;
            }
            Object converted = convert(plugin, key, p.type(), value);
            if (p.pattern() != null && converted instanceof String s && !pattern(plugin, key, p).matcher(s).find()) {
                throw Errors.configError(plugin, key, "configuration key '" + key + "' has value '" + s
                        + "' which does not match the pattern " + p.pattern());
            }
            out.put(key, converted);
        }
        return out;
    }

    /** The property's pattern in RE2/J (linear time: a manifest's pattern cannot make this call hang). */
    private static Pattern pattern(String plugin, String key, ConfigProperty p) {
        try {
            return SchemaPatterns.compile(p.pattern());
        } catch (IllegalArgumentException e) {
            throw Errors.loadFailed(plugin, "manifest key 'configuration_schema." + key + ".pattern' "
                    + e.getMessage());
        }
    }

    private static Object convert(String plugin, String key, String type, Object v) {
        Object r = switch (type) {
            case "string" -> v instanceof String ? v : null;
            case "integer" -> integer(v);
            case "number" -> number(v);
            case "boolean" -> v instanceof Boolean ? v
                    : "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null;
            case "object" -> v instanceof Map ? v : null;
            case "array" -> v instanceof Collection || v.getClass().isArray() ? v : null;
            default -> null;
        };
        if (r == null) {
            throw Errors.configError(plugin, key, "configuration key '" + key + "' must be of type " + type
                    + " but is " + describe(v));
        }
        return r;
    }

    private static Object integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) return Long.parseLong(s.trim());
        return null;
    }

    private static Object number(Object v) {
        if (v instanceof Number) return v;
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Object v) {
        String text = String.valueOf(v);
        if (text.length() > 40) text = text.substring(0, 40) + "...";
        String kind = v instanceof String ? "a string" : v instanceof Number ? "a number"
                : v instanceof Boolean ? "a boolean" : v instanceof Map ? "an object"
                : v instanceof Collection ? "an array" : v.getClass().getSimpleName();
        return kind + " ('" + text + "')";
    }
}

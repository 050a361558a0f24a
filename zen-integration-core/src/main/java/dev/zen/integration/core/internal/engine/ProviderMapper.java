package dev.zen.integration.core.internal.engine;

import dev.zen.integration.DataMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.spi.UserDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's mapping: the host's (or the built-in) {@link DataMapper} for the document's shape, with the
 * provider's value maps applied on the Zen side of it and the plugin's declared size limits checked before a write
 * leaves the engine. Pulling, an unmapped value follows the map's remote policy; pushing, its policy; a skipped field
 * is left out (and reported by {@link #pull} so the merge sees no change in it).
 */
final class ProviderMapper implements DataMapper {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final String LABELS = "labels";

    private final String provider;
    private final DataMapper base;
    private final Map<String, ValueMap> maps;
    private final UserDirectory users;
    private final Supplier<PluginDescriptor> plugin;
    private final Function<PluginDescriptor, Map<String, Integer>> limitsOf;
    private volatile Limits limits;

    /** The limits the plugin of a descriptor declared. */
    private record Limits(PluginDescriptor plugin, Map<String, Integer> byField) {}

    /** What a pull read: the Zen values, and the fields whose unmapped value the policy skipped. */
    record Pulled(Map<String, String> values, Set<String> skipped) {}

    ProviderMapper(String provider, DataMapper base, Map<String, ValueMap> maps, UserDirectory users,
                   Supplier<PluginDescriptor> plugin, Function<PluginDescriptor, Map<String, Integer>> limitsOf) {
        this.provider = provider;
        this.base = base;
        this.maps = Map.copyOf(maps);
        this.users = users;
        this.plugin = plugin;
        this.limitsOf = limitsOf;
    }

    @Override
    public Map<String, String> toZenFields(ExternalItem item, FieldMapping mapping) {
        return pull(item, mapping, Map.of()).values();
    }

    /**
     * The item's Zen values with the value maps applied; a skipped field is left out and named. An external value
     * that the field's last synced Zen value ({@code base}) writes reads as that value: with several Zen values for
     * one external value, or a default, a round trip never replaces the Zen value with another that writes the same.
     */
    Pulled pull(ExternalItem item, FieldMapping mapping, Map<String, String> lastSynced) {
        Map<String, String> out = new LinkedHashMap<>(base.toZenFields(item, mapping));
        Set<String> skipped = new LinkedHashSet<>();
        for (Map.Entry<String, ValueMap> e : maps.entrySet()) {
            String field = e.getKey();
            String value = out.get(field);
            if (value == null) continue;
            String before = lastSynced.get(field);
            if (before != null && !field.equals(LABELS) && value.equals(writes(e.getValue(), before))) {
                out.put(field, before);
                continue;
            }
            String path = mapping.externalPath(field).orElse(field);
            String category = item.field(path + "_category").map(String::valueOf).orElse(null);
            Optional<String> mapped = translate(field, value, v -> pullOne(field, e.getValue(), v, category));
            if (mapped.isPresent()) {
                if (mapped.get().isEmpty()) out.remove(field); // every label mapped away: an empty field is absent
                else out.put(field, mapped.get());
            } else {
                out.remove(field);
                skipped.add(field);
            }
        }
        return new Pulled(out, skipped);
    }

    @Override
    public Map<String, Object> toExternalFields(Map<String, String> zenFields, FieldMapping mapping) {
        Map<String, String> mapped = push(zenFields);
        checkLimits(mapped);
        return base.toExternalFields(mapped, mapping);
    }

    /**
     * The external form of values the engine read from {@code read} ({@code expected} of an update): a value-mapped
     * field's value as the item holds it (not translated back: an unmapped or defaulted value would not round trip),
     * other fields as given. No policy or limit applies, since they describe what the item holds, not a write.
     */
    Map<String, Object> expected(Map<String, String> zenFields, FieldMapping mapping, ExternalItem read) {
        Map<String, String> out = new LinkedHashMap<>(zenFields);
        Map<String, String> held = base.toZenFields(read, mapping);
        for (String field : maps.keySet()) if (out.containsKey(field)) out.put(field, held.get(field));
        return base.toExternalFields(out, mapping);
    }

    /** What a Zen value writes under a map without failing: its entry, else the unmapped policy's value, or null. */
    private static String writes(ValueMap map, String zenValue) {
        Optional<String> mapped = map.toExternal(zenValue);
        if (mapped.isPresent()) return mapped.get();
        return switch (map.unmapped().kind()) {
            case KEEP -> zenValue;
            case DEFAULT -> map.unmapped().defaultValue();
            case SKIP, FAIL -> null;
        };
    }

    /** The fields of {@code zenFields} that a push leaves out: their value is unmapped and the policy is skip. */
    Set<String> skippedOnPush(Map<String, String> zenFields) {
        Set<String> out = new LinkedHashSet<>(zenFields.keySet());
        out.removeAll(push(zenFields).keySet());
        return out;
    }

    private Map<String, String> push(Map<String, String> zenFields) {
        Map<String, String> out = new LinkedHashMap<>(zenFields);
        for (Map.Entry<String, ValueMap> e : maps.entrySet()) {
            String field = e.getKey();
            String value = out.get(field);
            if (value == null) continue;
            Optional<String> mapped = translate(field, value, v -> pushOne(field, e.getValue(), v));
            if (mapped.isPresent()) out.put(field, mapped.get());
            else out.remove(field);
        }
        return out;
    }

    /** Labels map one by one (a label skipped is dropped from the set); other fields as one value. */
    private static Optional<String> translate(String field, String value, Function<String, Optional<String>> one) {
        if (!field.equals(LABELS)) return one.apply(value);
        List<String> labels = new ArrayList<>();
        for (String label : ZenTasks.parseLabels(value)) one.apply(label).ifPresent(labels::add);
        return Optional.of(ZenTasks.canonicalLabels(labels));
    }

    private Optional<String> pushOne(String field, ValueMap map, String value) {
        Optional<String> mapped = map.toExternal(value);
        if (mapped.isEmpty() && map.userDirectory() && users != null) mapped = users.externalAccount(provider, value);
        return mapped.isPresent() ? mapped : unmapped(field, value, map.unmapped(), "Zen", "values");
    }

    private Optional<String> pullOne(String field, ValueMap map, String value, String category) {
        Optional<String> mapped = map.toZen(value, category);
        if (mapped.isEmpty() && map.userDirectory() && users != null) mapped = users.zenUser(provider, value);
        return mapped.isPresent() ? mapped : unmapped(field, value, map.remotePolicy(), provider, "write_back");
    }

    private Optional<String> unmapped(String field, String value, UnmappedPolicy policy, String side, String entry) {
        return switch (policy.kind()) {
            case KEEP -> Optional.of(value);
            case DEFAULT -> Optional.ofNullable(policy.defaultValue());
            case SKIP -> Optional.empty();
            case FAIL -> throw IntegrationException.builder(ErrorCode.INVALID_DATA, field + ": the " + side + " value '"
                    + value + "' has no entry in value_maps." + field + " of provider " + provider + " (unmapped: fail);"
                    + " add it to value_maps." + field + "." + entry + " or choose another unmapped policy")
                    .provider(provider).detail("field", field).detail("value", value).build();
        };
    }

    /** Refuses a value longer than the plugin declares its external field takes, before the plugin is called. */
    private void checkLimits(Map<String, String> zenFields) {
        Map<String, Integer> byField = limits();
        if (byField.isEmpty()) return;
        zenFields.forEach((field, value) -> {
            Integer limit = byField.get(field);
            if (value == null || limit == null || value.length() <= limit) return;
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, field + " is " + value.length()
                    + " characters long; provider " + provider + " takes at most " + limit + " characters in it."
                    + " Shorten it; nothing was sent.").provider(provider).detail("field", field)
                    .detail("limit", Integer.toString(limit)).detail("length", Integer.toString(value.length())).build();
        });
    }

    /**
     * The limits a plugin declares; none, with a warning, when it cannot say (a bug of its get_field_mapping must not
     * stop every write). A provider that is unavailable is rethrown, so the write is queued as any other would be.
     */
    private Map<String, Integer> askLimits(PluginDescriptor of) {
        try {
            return limitsOf.apply(of);
        } catch (IntegrationException e) {
            if (Offline.isUnavailable(e)) throw e;
            LOG.warn("provider {}: plugin {} ({}) declares no usable field limits ({}); values are not checked against"
                    + " limits before its writes", provider, of.name(), of.source(), e.getMessage());
            return Map.of();
        }
    }

    /** The current plugin's limits, asked once per plugin version (one caller asks; the others wait for it). */
    private Map<String, Integer> limits() {
        PluginDescriptor now = plugin.get();
        Limits known = limits;
        if (known != null && known.plugin().equals(now)) return known.byField();
        synchronized (this) {
            known = limits;
            if (known != null && known.plugin().equals(now)) return known.byField();
            Limits fresh = new Limits(now, askLimits(now));
            limits = fresh;
            return fresh.byField();
        }
    }
}

package dev.zen.integration.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The specification's layout of the {@code integrations} section (integration-services-layer.md, "IntegrationConfig"):
 * a task system's settings written directly under {@code integrations} ({@code integrations.jira.server_url}) rather
 * than under {@code integrations.providers}. Both layouts bind through the same {@link ConfigBinder} code; this class
 * only says where each provider's settings are written, so errors name the key the user wrote. Not API.
 */
final class SpecLayout {
    /** The task systems the specification names, whose settings it writes directly under {@code integrations}. */
    static final List<String> PROVIDERS = List.of("jira", "github", "monday", "asana");
    private static final String ROOT = "integrations";
    private static final String LONG_FORM = "providers";

    /** One provider's settings and the key they are written under. */
    record Block(String name, String key, ObjectNode node) {}

    private SpecLayout() {}

    /**
     * Every provider's settings, in the order they are written, from both layouts.
     *
     * @throws dev.zen.integration.IntegrationException CONFIG_ERROR if one provider is written in both layouts
     */
    static List<Block> providers(ObjectNode integrations) {
        List<Block> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : integrations.properties()) {
            String field = e.getKey();
            if (field.equals(LONG_FORM) && present(e.getValue())) {
                for (Map.Entry<String, JsonNode> p : e.getValue().properties()) {
                    out.add(new Block(p.getKey(), ROOT + "." + LONG_FORM + "." + p.getKey(), object(p.getValue())));
                }
            } else if (PROVIDERS.contains(field) && present(e.getValue())) {
                if (integrations.path(LONG_FORM).has(field)) throw mixed(field);
                out.add(new Block(field, ROOT + "." + field, object(e.getValue())));
            }
        }
        return out;
    }

    /**
     * The key path (below {@code integrations}) an edit or environment variable should write, so it lands in the
     * layout the tree already uses for that provider: {@code providers.jira.x} becomes {@code jira.x} when only
     * {@code integrations.jira} is written, and the other way round. Any other path is returned unchanged.
     */
    static List<String> redirect(List<String> path, JsonNode integrations) {
        if (path.size() >= 2 && path.get(0).equals(LONG_FORM) && PROVIDERS.contains(path.get(1))
                && present(integrations.get(path.get(1))) && !present(integrations.path(LONG_FORM).get(path.get(1)))) {
            return List.copyOf(path.subList(1, path.size()));
        }
        if (!path.isEmpty() && PROVIDERS.contains(path.get(0)) && !present(integrations.get(path.get(0)))
                && present(integrations.path(LONG_FORM).get(path.get(0)))) {
            List<String> out = new ArrayList<>();
            out.add(LONG_FORM);
            out.addAll(path);
            return List.copyOf(out);
        }
        return path;
    }

    private static RuntimeException mixed(String name) {
        return ConfigErrors.error(ROOT + "." + name, "provider " + name + " is configured twice, here (the "
                + "specification's layout) and under " + ROOT + "." + LONG_FORM + "." + name + "; keep one of them. "
                + "Both layouts are read, but one provider's settings must be in one place across the user config, the "
                + "workspace config and ZEN_INTEGRATIONS_* variables (see docs/configuration.md)");
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static ObjectNode object(JsonNode node) {
        return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }
}

package dev.zen.integration.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.core.config.ConfigSchema.Kind;
import dev.zen.integration.core.config.ConfigSchema.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies {@code ZEN_INTEGRATIONS_*} environment variables to the configuration tree. The name after the prefix is
 * the key path upper-cased with dots and inner underscores both written as {@code _}; it is split using the
 * schema's known keys, so {@code ZEN_INTEGRATIONS_PROVIDERS_JIRA_SERVER_URL} sets
 * {@code integrations.providers.jira.server_url}. A provider name is matched against the configured providers
 * first (with {@code -} written as {@code _}), otherwise it is one word. {@code ZEN_INTEGRATIONS_JIRA_*} (the
 * specification's layout) and {@code ZEN_INTEGRATIONS_PROVIDERS_JIRA_*} both write into the layout the files
 * already use for that provider ({@link SpecLayout#redirect}). Not API.
 */
final class EnvOverrides {
    static final String PREFIX = "ZEN_INTEGRATIONS_";

    private EnvOverrides() {}

    /** Applies every matching variable, in name order so the result does not depend on map order. */
    static void apply(ObjectNode integrations, Map<String, String> env) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(PREFIX) || e.getKey().length() == PREFIX.length()) continue;
            List<String> path = SpecLayout.redirect(keyPath(e.getKey(), integrations), integrations);
            ConfigTree.set(integrations, path, e.getValue(), "environment variable " + e.getKey() + " (integrations."
                    + String.join(".", path) + ")");
        }
    }

    /** The key path (below {@code integrations}) a variable names. */
    static List<String> keyPath(String variable, ObjectNode integrations) {
        List<String> words = Arrays.asList(variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1));
        List<String> path = new ArrayList<>();
        Node node = ConfigSchema.INTEGRATIONS;
        JsonNode current = integrations;
        int i = 0;
        while (i < words.size()) {
            switch (node.kind()) {
                case OBJECT -> {
                    int end = longestKey(words, i, node.fields().keySet());
                    if (end < 0) throw unknown(variable, node, path);
                    String key = String.join("_", words.subList(i, end));
                    path.add(key);
                    node = node.fields().get(key);
                    current = current == null ? null : current.get(key);
                    i = end;
                }
                case OBJECT_MAP -> {
                    List<String> names = new ArrayList<>();
                    if (current != null) current.fieldNames().forEachRemaining(names::add);
                    names.sort(Comparator.comparingInt(String::length).reversed());
                    String rest = String.join("_", words.subList(i, words.size()));
                    String match = null;
                    for (String n : names) {
                        String w = n.replace('-', '_');
                        if (rest.startsWith(w + "_")) {
                            match = n;
                            break;
                        }
                    }
                    if (match == null) match = words.get(i);
                    path.add(match);
                    i += match.split("[-_]", -1).length;
                    current = current == null ? null : current.get(match);
                    node = node.value();
                }
                case MAP -> {
                    path.add(String.join("_", words.subList(i, words.size())));
                    node = node.value();
                    i = words.size();
                }
                default -> throw unknown(variable, node, path);
            }
        }
        if (node.isContainer()) {
            throw ConfigErrors.error("environment variable " + variable,
                    "names the section integrations." + String.join(".", path)
                            + ", not a value; accepted: " + ConfigSchema.describe(node));
        }
        return path;
    }

    private static int longestKey(List<String> words, int from, Set<String> keys) {
        for (int end = words.size(); end > from; end--) {
            if (keys.contains(String.join("_", words.subList(from, end)))) return end;
        }
        return -1;
    }

    private static RuntimeException unknown(String variable, Node node, List<String> path) {
        String where = path.isEmpty() ? "integrations" : "integrations." + String.join(".", path);
        String accepted = node.kind() == Kind.OBJECT
                ? "keys under " + where + ": " + String.join(", ", node.fields().keySet())
                : "nothing below " + where;
        return ConfigErrors.error("environment variable " + variable, "names no configuration key; accepted "
                + accepted + " (see docs/configuration.md)");
    }
}

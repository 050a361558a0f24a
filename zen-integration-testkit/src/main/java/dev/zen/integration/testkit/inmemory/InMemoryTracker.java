package dev.zen.integration.testkit.inmemory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.internal.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An issue tracker in memory that speaks plugin ABI v1 as an in-JVM {@link Plugin}: the same JSON in and out as a
 * WebAssembly plugin (see {@code docs/plugin-abi.md}), without a sandbox, for fast tests of host code.
 *
 * <pre>{@code
 * InMemoryTracker tracker = InMemoryTracker.create("fake");
 * String key = tracker.seed(Map.of("title", "Export fails", "status", "To Do"));  // "FAKE-1"
 * tracker.edit(key, "status", "In Progress");          // another user changes it; field_changed_at is set
 * tracker.failNext(2, ErrorCode.NETWORK_ERROR);        // the next two calls fail, retryable
 * ZenIntegration zen = ZenIntegration.builder()
 *         .provider(ProviderConfig.builder("fake").build(), tracker)
 *         .build();
 * }</pre>
 *
 * <p>Items carry their fields keyed by Zen field name (as a plugin returns them after its field mapping), an
 * {@code updated} time and per-field change times from the tracker's clock. {@code create_task} is idempotent per
 * idempotency key, like a well-behaved plugin. Faults: fail the next calls with a code, commit a write and then
 * fail its response, or be unavailable until told otherwise. Every call is counted. Thread-safe.
 */
public final class InMemoryTracker implements Plugin {
    private static final ObjectMapper JSON = Jackson.MAPPER;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final Set<PluginOperation> SUPPORTED = EnumSet.of(PluginOperation.INIT,
            PluginOperation.HEALTH_CHECK, PluginOperation.CLEANUP, PluginOperation.VALIDATE_CONFIG,
            PluginOperation.GET_TASK_DATA, PluginOperation.CREATE_TASK, PluginOperation.UPDATE_TASK,
            PluginOperation.SEARCH_TASKS, PluginOperation.GET_FIELD_MAPPING);

    private final String name;
    private final String keyPrefix;
    private final Clock clock;
    private final PluginDescriptor descriptor;
    private final Map<String, Item> items = new LinkedHashMap<>(); // by key
    private final Map<String, Item> aliases = new LinkedHashMap<>(); // old keys of moved items
    private final Map<PluginOperation, Integer> calls = new EnumMap<>(PluginOperation.class);
    private final List<String> callLog = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private ErrorCode unavailable;
    private Duration searchLag = Duration.ZERO;
    private int nextId = 1;
    private boolean closed;

    private InMemoryTracker(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.keyPrefix = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        this.clock = Objects.requireNonNull(clock, "clock");
        PluginManifest manifest = new PluginManifest(1,
                new PluginManifest.Info(name, "1.0.0", "in-memory tracker (testkit)", "Zen"),
                List.of("get_task", "create_task", "update_task", "search_tasks", "health_check"),
                new PluginManifest.Runtime("in-memory.wasm", 16L << 20, Duration.ofSeconds(5), 1.0),
                new PluginManifest.ApiRequirements(1, List.of()),
                new PluginManifest.Security(Set.of(), "sha256:in-memory", null, List.of()), Map.of());
        this.descriptor = new PluginDescriptor(name, "in-memory", manifest, PluginDescriptor.State.LOADED, null);
    }

    /** A tracker named {@code name} (its keys look like {@code NAME-1}) on the system clock. */
    public static InMemoryTracker create(String name) {
        return new InMemoryTracker(name, Clock.systemUTC());
    }

    /** A tracker whose {@code updated} and per-field change times come from {@code clock}. */
    public static InMemoryTracker create(String name, Clock clock) {
        return new InMemoryTracker(name, clock);
    }

    // ----------------------------------------------------------------------------------------- test control

    /** Adds an item with the given Zen-keyed fields (strings, or a list of strings for labels); returns its key. */
    public synchronized String seed(Map<String, ?> fields) {
        return newItem(fields, null).key;
    }

    /** Simulates another user changing one field (null clears it): bumps {@code updated} and its change time. */
    public synchronized void edit(String key, String field, Object value) {
        Item item = require(key);
        Instant now = clock.instant();
        if (value == null) item.fields.remove(field); else item.fields.put(field, copy(value));
        item.updated = now;
        item.changedAt.put(field, now);
    }

    /** Deletes an item: reads of it fail with NOT_FOUND and searches no longer list it. */
    public synchronized void delete(String key) {
        Item item = require(key);
        items.remove(item.key);
        aliases.values().removeIf(i -> i == item);
    }

    /**
     * Moves an item to another project (as Jira does): it gets a key there, searches of this tracker's project no
     * longer list it, and its old key still reads it (Jira redirects the old key). Returns the new key.
     */
    public synchronized String move(String key, String project) {
        Item item = require(key);
        items.remove(item.key);
        aliases.put(item.key, item);
        Item moved = new Item(item.id, project + "-" + (nextId++), item.idempotencyKey, clock.instant());
        moved.fields.putAll(item.fields);
        moved.changedAt.putAll(item.changedAt);
        items.put(moved.key, moved);
        aliases.replaceAll((k, v) -> v == item ? moved : v);
        return moved.key;
    }

    /**
     * The search index lags behind writes by {@code lag}: an item changed less than {@code lag} ago is not listed by
     * {@code search_tasks} yet (reads by id or key see it at once), as Jira's search does. Zero (the default) ends it.
     */
    public synchronized void searchLag(Duration lag) {
        this.searchLag = Objects.requireNonNull(lag, "lag");
    }

    /** The fields of an item as the tracker holds them. */
    public synchronized Map<String, Object> fields(String key) {
        return new LinkedHashMap<>(require(key).fields);
    }

    /** One field of an item, if set. */
    public synchronized Optional<Object> field(String key, String field) {
        return Optional.ofNullable(require(key).fields.get(field));
    }

    /** The keys of every item, in creation order. */
    public synchronized List<String> keys() {
        return new ArrayList<>(items.keySet());
    }

    /** How many items exist. */
    public synchronized int size() {
        return items.size();
    }

    /** The next {@code n} calls (of any operation) fail with {@code code}; retryable codes say so. */
    public synchronized void failNext(int n, ErrorCode code) {
        for (int i = 0; i < n; i++) faults.add(new Fault(null, code, false, null));
    }

    /** The next {@code n} calls of {@code operation} fail with {@code code}. */
    public synchronized void failNext(PluginOperation operation, int n, ErrorCode code) {
        for (int i = 0; i < n; i++) faults.add(new Fault(operation, code, false, null));
    }

    /** The next call about item {@code idOrKey} (get or update by that id or key) fails with {@code code}. */
    public synchronized void failNextFor(String idOrKey, ErrorCode code) {
        faults.add(new Fault(null, code, false, Objects.requireNonNull(idOrKey, "idOrKey")));
    }

    /**
     * The next call of {@code operation} (a create or an update) is carried out, and then its response is lost:
     * the caller gets {@code code}. This is the case that duplicates issues when creates are retried blindly.
     */
    public synchronized void commitThenFail(PluginOperation operation, ErrorCode code) {
        faults.add(new Fault(operation, code, true, null));
    }

    /** Every call fails with {@code code} (for example NETWORK_ERROR) until {@link #available()} is called. */
    public synchronized void unavailable(ErrorCode code) {
        this.unavailable = Objects.requireNonNull(code, "code");
    }

    /** Ends {@link #unavailable(ErrorCode)}. */
    public synchronized void available() {
        this.unavailable = null;
    }

    /** How many times an operation was called, failed calls included. */
    public synchronized int calls(PluginOperation operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Every call so far as {@code "<operation> <input json>"}, oldest first. */
    public synchronized List<String> callLog() {
        return List.copyOf(callLog);
    }

    /** Forgets the call counts and the call log. */
    public synchronized void resetCalls() {
        calls.clear();
        callLog.clear();
    }

    // ----------------------------------------------------------------------------------------- Plugin

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public boolean supports(PluginOperation operation) {
        return SUPPORTED.contains(operation);
    }

    @Override
    public synchronized String call(PluginOperation operation, String inputJson) {
        calls.merge(operation, 1, Integer::sum);
        callLog.add(operation.exportName() + " " + inputJson);
        if (closed) throw error(ErrorCode.PLUGIN_EXECUTION_FAILED, "plugin " + name + " is closed");
        if (!supports(operation)) {
            throw error(ErrorCode.UNSUPPORTED_OPERATION, "plugin " + name + " does not export "
                    + operation.exportName());
        }
        if (unavailable != null) throw error(unavailable, name + " is unavailable (simulated)");
        JsonNode in;
        try {
            in = JSON.readTree(inputJson == null || inputJson.isBlank() ? "{}" : inputJson);
        } catch (JsonProcessingException e) {
            throw error(ErrorCode.INVALID_DATA, "input is not JSON: " + e.getOriginalMessage());
        }
        Fault fault = takeFault(operation, text(in, "id"));
        if (fault != null && !fault.commitFirst()) throw error(fault.code(), "simulated " + fault.code());
        Object out = switch (operation) {
            case INIT, CLEANUP -> Map.of();
            case VALIDATE_CONFIG -> Map.of("valid", true);
            case HEALTH_CHECK -> Map.of("healthy", true, "message", name + " (in memory) is reachable");
            case GET_FIELD_MAPPING -> Map.of("mapping", Map.of("title", "title", "description", "description",
                    "status", "status", "priority", "priority", "assignee", "assignee", "labels", "labels"));
            case GET_TASK_DATA -> view(find(text(in, "id")));
            case CREATE_TASK -> view(create(in));
            case UPDATE_TASK -> view(update(in));
            case SEARCH_TASKS -> search(in);
            default -> throw error(ErrorCode.UNSUPPORTED_OPERATION, operation.exportName());
        };
        if (fault != null) throw error(fault.code(), "simulated " + fault.code() + " after the change was committed");
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw error(ErrorCode.PLUGIN_EXECUTION_FAILED, e.getOriginalMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ----------------------------------------------------------------------------------------- operations

    private Item create(JsonNode in) {
        String idem = text(in, "idempotency_key");
        if (idem != null) {
            for (Item i : items.values()) if (idem.equals(i.idempotencyKey)) return i;
        }
        JsonNode fields = in.path("fields");
        if (!fields.isObject() || fields.path("title").asText("").isBlank()) {
            throw error(ErrorCode.INVALID_DATA, "create_task needs fields.title");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(fields, Map.class);
        m.values().removeIf(Objects::isNull);
        return newItem(m, idem);
    }

    private Item update(JsonNode in) {
        Item item = find(text(in, "id"));
        JsonNode fields = in.path("fields");
        if (!fields.isObject()) throw error(ErrorCode.INVALID_DATA, "update_task needs a fields object");
        Instant now = clock.instant();
        fields.properties().forEach(e -> {
            Object v = JSON.convertValue(e.getValue(), Object.class);
            if (e.getKey().equals("title") && (v == null || String.valueOf(v).isBlank())) {
                throw error(ErrorCode.INVALID_DATA, "the title cannot be cleared");
            }
            Object old = item.fields.get(e.getKey());
            if (Objects.equals(old, v)) return;
            if (v == null) item.fields.remove(e.getKey()); else item.fields.put(e.getKey(), v);
            item.changedAt.put(e.getKey(), now);
            item.updated = now;
        });
        return item;
    }

    private Map<String, Object> search(JsonNode in) {
        JsonNode q = in.path("query");
        Instant since = q.hasNonNull("updated_since") ? OffsetDateTime.parse(q.get("updated_since").asText())
                .toInstant() : null;
        List<String> keys = new ArrayList<>();
        q.path("keys").forEach(k -> keys.add(k.asText()));
        q.path("ids").forEach(k -> keys.add(k.asText()));
        boolean consistent = q.path("consistent").asBoolean(false) && !keys.isEmpty(); // Jira's reconcileIssues
        List<String> labels = new ArrayList<>();
        q.path("labels").forEach(l -> labels.add(l.asText()));
        int limit = in.path("limit").asInt(50);
        int start = in.hasNonNull("cursor") ? Integer.parseInt(in.get("cursor").asText()) : 0;
        String filter = text(q, "filter");
        String label = filter == null ? null : filterLabel(filter);
        List<Item> matches = items.values().stream()
                .filter(i -> i.key.startsWith(keyPrefix + "-")) // the project: moved items are elsewhere
                .filter(i -> label == null || i.fields.get("labels") instanceof List<?> l && l.contains(label))
                .filter(i -> since == null || !i.updated.isBefore(since))
                .filter(i -> consistent || !i.updated.isAfter(clock.instant().minus(searchLag)))
                .filter(i -> keys.isEmpty() || keys.contains(i.key) || keys.contains(i.id))
                .filter(i -> labels.isEmpty() || i.fields.get("labels") instanceof List<?> l && l.containsAll(labels))
                .sorted(Comparator.comparing((Item i) -> i.updated).thenComparing(i -> i.id.length())
                        .thenComparing(i -> i.id))
                .toList();
        if (in.path("count_only").asBoolean(false)) { // Jira's approximate-count, as lagging as its search
            return Map.of("items", List.of(), "count", matches.size());
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = start; i < Math.min(matches.size(), start + limit); i++) page.add(view(matches.get(i)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page);
        out.put("next_cursor", start + limit < matches.size() ? String.valueOf(start + limit) : null);
        out.put("server_time", TIME.format(clock.instant().atOffset(ZoneOffset.UTC)));
        return out;
    }

    /** The label of a filter {@code labels = name}, the one filter form this tracker understands. */
    private String filterLabel(String filter) {
        String[] parts = filter.split("=", 2);
        if (parts.length != 2 || !parts[0].strip().equals("labels") || parts[1].isBlank()) {
            throw error(ErrorCode.INVALID_DATA, "query.filter must look like 'labels = name', got '" + filter + "'");
        }
        return parts[1].strip();
    }

    // ----------------------------------------------------------------------------------------- helpers

    private Item newItem(Map<String, ?> fields, String idempotencyKey) {
        Instant now = clock.instant();
        int n = nextId++;
        Item item = new Item(String.valueOf(10_000 + n), keyPrefix + "-" + n, idempotencyKey, now);
        fields.forEach((k, v) -> {
            if (v != null) {
                item.fields.put(k, copy(v));
                item.changedAt.put(k, now);
            }
        });
        items.put(item.key, item);
        return item;
    }

    private Item find(String idOrKey) {
        if (idOrKey == null) throw error(ErrorCode.INVALID_DATA, "an \"id\" is required");
        Item item = items.get(idOrKey);
        if (item == null) item = aliases.get(idOrKey);
        if (item == null) item = items.values().stream().filter(i -> i.id.equals(idOrKey)).findFirst().orElse(null);
        if (item == null) throw error(ErrorCode.NOT_FOUND, name + " has no item " + idOrKey);
        return item;
    }

    private Item require(String key) {
        Item item = items.get(key);
        if (item == null) throw new IllegalArgumentException(name + " has no item " + key + "; seed it first");
        return item;
    }

    private Fault takeFault(PluginOperation op, String id) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            boolean itemMatches = f.item() == null || (id != null && (f.item().equals(id) || items.containsKey(f.item())
                    && items.get(f.item()).id.equals(id)));
            if ((f.operation() == null || f.operation() == op) && itemMatches) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private Map<String, Object> view(Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.id);
        m.put("key", item.key);
        m.put("url", "memory://" + name + "/" + item.key);
        m.put("updated", TIME.format(item.updated.atOffset(ZoneOffset.UTC)));
        m.put("fields", new LinkedHashMap<>(item.fields));
        Map<String, String> changed = new LinkedHashMap<>();
        item.changedAt.forEach((f, t) -> changed.put(f, TIME.format(t.atOffset(ZoneOffset.UTC))));
        m.put("field_changed_at", changed);
        return m;
    }

    private static Object copy(Object v) {
        if (v instanceof List<?> l) return List.copyOf(l.stream().map(String::valueOf).toList());
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v : String.valueOf(v);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private IntegrationException error(ErrorCode code, String message) {
        return IntegrationException.builder(code, message).provider(name).build();
    }

    private record Fault(PluginOperation operation, ErrorCode code, boolean commitFirst, String item) {}

    private static final class Item {
        final String id;
        final String key;
        final String idempotencyKey;
        final Map<String, Object> fields = new LinkedHashMap<>();
        final Map<String, Instant> changedAt = new LinkedHashMap<>();
        Instant updated;

        Item(String id, String key, String idempotencyKey, Instant updated) {
            this.id = id;
            this.key = key;
            this.idempotencyKey = idempotencyKey;
            this.updated = updated;
        }
    }
}

package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.DataMapper;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.StandardDataMapper;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.spi.UserDirectory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured provider: its settings and its plugin. Items arrive keyed by Zen field name (the plugin applies
 * the provider's field_mapping), so the engine reads them through an identity mapping, which a link's own
 * {@code field_mappings} may override.
 */
final class Provider {
    final ProviderConfig config;
    final PluginGateway gateway;
    /** Reads and writes the item's fields: the host's or built-in mapper, the value maps and the plugin's limits. */
    final ProviderMapper mapper;

    Provider(ProviderConfig config, PluginGateway gateway, DataMapper base, UserDirectory users) {
        this.config = config;
        this.gateway = gateway;
        this.mapper = new ProviderMapper(config.name(), base == null ? StandardDataMapper.instance() : base,
                config.valueMaps(), users, () -> gateway.slot().call(Plugin::descriptor), d -> gateway.fieldLimits());
    }

    String name() {
        return config.name();
    }

    /** The synced Zen fields: the keys of field_mapping (or the standard fields), plus the link's own. */
    List<String> fields(TaskSyncRecord record) {
        Set<String> fields = new LinkedHashSet<>(config.fieldMapping().zenToExternal().isEmpty()
                ? ZenTask.STANDARD_FIELDS : config.fieldMapping().zenToExternal().keySet());
        if (record != null) fields.addAll(record.fieldMappings().keySet());
        return List.copyOf(fields);
    }

    /** How the engine reads and writes the item's Zen-keyed field document. */
    FieldMapping mapping(TaskSyncRecord record) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields(record)) m.put(f, f);
        if (record != null) m.putAll(record.fieldMappings());
        return new FieldMapping(m);
    }

    /** The strategy for a field: the run's override, else the field's own, else the link's, else the provider's. */
    ConflictStrategy strategyFor(String field, ConflictStrategy override, TaskSyncRecord record) {
        if (override != null) return override;
        ConflictStrategy own = config.fieldConflictStrategies().get(field);
        if (own != null) return own;
        if (record != null && record.conflictStrategy() != null) return record.conflictStrategy();
        return config.conflictStrategy();
    }
}

package dev.zen.integration.it.mapping;

import dev.zen.integration.DataMapper;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.core.StandardDataMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user guide's host DataMapper: Zen keeps an {@code estimate} in hours, Jira story points (4 hours a point).
 * Every other field goes through the built-in mapper. Registered for ServiceLoader in
 * {@code host-mapper/META-INF/services/dev.zen.integration.DataMapper}.
 */
public final class EstimateInStoryPoints implements DataMapper {
    private static final BigDecimal HOURS_PER_POINT = BigDecimal.valueOf(4);
    private final DataMapper standard = StandardDataMapper.instance();

    @Override
    public Map<String, String> toZenFields(ExternalItem item, FieldMapping mapping) {
        Map<String, String> zen = standard.toZenFields(item, mapping);
        zen.computeIfPresent("estimate", (f, points) -> new BigDecimal(points).multiply(HOURS_PER_POINT)
                .stripTrailingZeros().toPlainString());
        return zen;
    }

    @Override
    public Map<String, Object> toExternalFields(Map<String, String> zenFields, FieldMapping mapping) {
        Map<String, String> converted = new LinkedHashMap<>(zenFields);
        converted.computeIfPresent("estimate", (f, hours) -> new BigDecimal(hours)
                .divide(HOURS_PER_POINT, 2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        return standard.toExternalFields(converted, mapping);
    }
}

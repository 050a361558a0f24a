package dev.zen.integration.postgres.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;

/**
 * The module's one Jackson mapper: the API records as jsonb documents, with the library's file conventions
 * (snake_case names, ISO-8601 instants, lower-case enums, unknown properties ignored so a newer document stays
 * readable by an older instance during a rolling upgrade).
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.ALWAYS))
            .build();

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "could not encode "
                    + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage()).cause(e).build();
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "a stored " + type.getSimpleName()
                    + " document is not readable (" + e.getMessage() + "); restore it from a backup").cause(e).build();
        }
    }
}

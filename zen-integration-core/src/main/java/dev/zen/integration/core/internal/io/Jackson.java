package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.TaskSyncRecord;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The library's Jackson configuration, shared by the stores, the plugin adapter and the report serializer:
 * snake_case names (the spec's names for {@code TaskSyncRecord}, see {@link RecordNames}), ISO-8601 instants,
 * lower-case enum names (read case-insensitively), error codes in upper case as in the plugin ABI, null properties
 * left out (null map values kept), and unknown properties ignored so that newer files stay readable. Every mapper
 * refuses duplicate keys (a second {@code title:} or {@code status:} would silently win) and keeps the document's
 * text out of error locations; {@link ParseErrors} words the failures. Not API.
 */
public final class Jackson {
    /**
     * The largest YAML document (task manifest, sync record) the library reads, in code points: 32 Mi, raised
     * deliberately from SnakeYAML's default of 3 Mi. Writers refuse documents over it, so every file the library
     * writes can be read back ({@code FileTaskStore} caps a manifest well below it).
     */
    public static final int YAML_MAX_CODE_POINTS = 32 * 1024 * 1024;
    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new YamlQuoting()) // every string reads back as itself
            .loaderOptions(loaderOptions())
            .build())).build();
    /** Plain JSON without naming changes, for plugin ABI payloads (already snake_case by contract). */
    private static final ObjectMapper ABI = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Jackson() {}

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // one more than the cap, so that a document of exactly YAML_MAX_CODE_POINTS is read
        options.setCodePointLimit(YAML_MAX_CODE_POINTS + 1);
        return options;
    }

    /** The number of code points in UTF-8 bytes: every byte that does not continue a sequence starts one. */
    public static int codePoints(byte[] utf8) {
        int n = 0;
        for (byte b : utf8) {
            if ((b & 0xC0) != 0x80) n++;
        }
        return n;
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B b) {
        SimpleModule codes = new SimpleModule("zen-error-codes");
        codes.addSerializer(ErrorCode.class, ToStringSerializer.instance);
        return b.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .addModule(new JavaTimeModule())
                .addModule(codes)
                .addMixIn(TaskSyncRecord.class, RecordNames.class)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                // absent properties are left out, but a null map value (a cleared field in a queued change) is kept
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.ALWAYS));
    }

    /** JSON with the library's conventions (reports, status, cached items). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** YAML with the library's conventions (records, task manifests). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** JSON for plugin ABI payloads: names are kept as given. */
    public static ObjectMapper abi() {
        return ABI;
    }
}

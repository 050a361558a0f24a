package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;

/**
 * Which string values the YAML writer quotes: those Jackson quotes by default, and every value that starts like a
 * number but would not read back as the same string. With {@code MINIMIZE_QUOTES} Jackson writes {@code 1_000},
 * {@code 0x1F}, {@code 1e5} or {@code .inf} plain, and its reader takes them for numbers (YAML 1.1): a task titled
 * {@code 0x1F} came back as 31, and one titled {@code .inf} made its file unreadable. Such a value is now checked by
 * reading it back with the same parser; only those that start with a digit, a sign or a dot are checked (timestamps,
 * for instance, stay plain).
 */
final class YamlQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    /** Reads the candidates: a plain factory, as the stores' reader parses scalars the same way. */
    private static final YAMLFactory READER = new YAMLFactory();

    @Override
    public boolean needToQuoteValue(String value) {
        return super.needToQuoteValue(value) || (looksLikeYAMLNumber(value) && !readsBackAsItself(value));
    }

    /** Whether {@code value}, written plain, is read as a string equal to it. */
    static boolean readsBackAsItself(String value) {
        try (JsonParser p = READER.createParser(value)) {
            return p.nextToken() == JsonToken.VALUE_STRING && value.equals(p.getText()) && p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false; // not readable plain: quote it
        }
    }
}

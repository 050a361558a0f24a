package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;

/**
 * Which string values the YAML writer quotes: those Jackson quotes by default, and every value that starts like a
 * number but would not read back as the same string. With {@code MINIMIZE_QUOTES} Jackson writes {@code 1_000},
 * {@code 0x1F}, {@code 1e5} or {@code .inf} plain, and its reader takes them for numbers (YAML 1.1): a task's extra
 * field {@code 0x1F} came back as 31, and a task titled {@code .inf} made its file unreadable. A value that starts with a
 * digit, a sign or a dot and holds only characters a number can hold is now read back with the same parser, and
 * quoted unless it is the same string (timestamps, for instance, stay plain without being parsed).
 */
final class YamlQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    /** Reads the candidates: a plain factory, as the stores' reader parses scalars the same way. */
    private static final YAMLFactory READER = new YAMLFactory();
    /**
     * Every character a YAML 1.1 number can hold (digits, signs, point, {@code _}, {@code :} of base 60, the
     * letters of exponents, hex, {@code 0o}/{@code 0b}/{@code 0x} prefixes, {@code .inf} and {@code .nan}): a value
     * with any other character (a timestamp's {@code T}) is no number, and is not parsed to find out.
     */
    private static final String NUMBER_CHARS = "0123456789+-._:abcdefABCDEFxXoOiInN";

    @Override
    public boolean needToQuoteValue(String value) {
        return super.needToQuoteValue(value)
                || (looksLikeYAMLNumber(value) && onlyNumberChars(value) && !readsBackAsItself(value));
    }

    private static boolean onlyNumberChars(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (NUMBER_CHARS.indexOf(value.charAt(i)) < 0) return false;
        }
        return true;
    }

    /** Whether {@code value}, written plain, is read as a string equal to it. */
    private static boolean readsBackAsItself(String value) {
        try (JsonParser p = READER.createParser(value)) {
            return p.nextToken() == JsonToken.VALUE_STRING && value.equals(p.getText()) && p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false; // not readable plain: quote it
        }
    }
}

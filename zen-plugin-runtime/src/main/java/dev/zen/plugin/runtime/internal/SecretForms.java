package dev.zen.plugin.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The encoded forms of a set of secrets, precomputed once, and a one-pass scan that replaces every occurrence. A
 * server may echo a credential in another encoding than it received it; each of these is found:
 * <ul>
 * <li>as is, and with any of its characters JSON-escaped ({@code \/}, {@code \"}, {@code \u0041} in either case)
 * or URL-encoded ({@code %41}, {@code %2b}, {@code +} for a space), in any mixture;</li>
 * <li>UTF-16 in either byte order, which reads as the characters interleaved with NULs once decoded as UTF-8
 * (ASCII secrets; a NUL may itself be escaped as {@code \u0000} or {@code %00});</li>
 * <li>Base64, standard and URL-safe, padded or not; inside a larger Base64 text the secret's encoding depends on its
 * byte offset modulo 3, so for each of the three alignments the characters that depend on the secret alone (the
 * "stable core") are searched (the one or two characters at each end that mix in neighbouring bytes are not: at
 * most 4 bits of the secret each);</li>
 * <li>hex of its UTF-8 bytes, in any letter case.</li>
 * </ul>
 * Derived forms shorter than {@link #MIN_DERIVED_CHARS} are not searched (they would match by chance). Immutable and
 * thread-safe.
 */
final class SecretForms {
    private static final Comparator<Form> LONGEST_FIRST =
            Comparator.comparingInt((Form f) -> f.text().length()).reversed();
    /** Forms made from no secret: the scan returns its input. */
    static final SecretForms EMPTY = new SecretForms(List.of());
    /** The shortest encoded (not as-is) form searched. */
    static final int MIN_DERIVED_CHARS = 8;

    private final Form[][] byAsciiStart = new Form[128][];
    /**
     * Per ASCII first character, a 128-bit set of the raw ASCII characters that can follow it in a match: the second
     * characters of its forms (in either case where case is ignored, {@code +} for a space) and the escape starts
     * {@code \\} and {@code %}. Most positions of a body fail this test, so the scan rarely tries a form.
     */
    private final long[][] secondByAsciiStart = new long[128][];
    private final Map<Character, Form[]> byOtherStart = new HashMap<>();
    private final Form[] all;

    /** One text to find, with ASCII letter case ignored or not. */
    private record Form(String text, boolean ignoreCase) {
    }

    private SecretForms(List<Form> forms) {
        all = forms.toArray(Form[]::new);
        Map<Character, List<Form>> starts = new HashMap<>();
        for (Form f : all) {
            char c = f.text().charAt(0);
            starts.computeIfAbsent(c, k -> new ArrayList<>()).add(f);
            if (f.ignoreCase()) {
                starts.computeIfAbsent(Character.toUpperCase(c), k -> new ArrayList<>()).add(f);
                starts.computeIfAbsent(Character.toLowerCase(c), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<Character, List<Form>> e : starts.entrySet()) {
            Form[] list = e.getValue().stream().distinct().toArray(Form[]::new); // still longest first
            char c = e.getKey();
            if (c < 128) {
                byAsciiStart[c] = list;
                secondByAsciiStart[c] = secondCharacters(list);
            } else {
                byOtherStart.put(c, list);
            }
        }
    }

    private static long[] secondCharacters(Form[] forms) {
        long[] set = new long[2];
        add(set, '\\');
        add(set, '%');
        for (Form f : forms) {
            char second = f.text().charAt(1); // every form has at least 4 characters
            add(set, second);
            if (second == ' ') add(set, '+');
            if (f.ignoreCase()) {
                add(set, Character.toUpperCase(second));
                add(set, Character.toLowerCase(second));
            }
        }
        return set;
    }

    private static void add(long[] set, char c) {
        if (c < 128) set[c >>> 6] |= 1L << (c & 63);
        else set[0] = set[1] = -1L; // a non-ASCII second character: no ASCII one can be ruled out cheaply
    }

    /** The forms of the given secrets (each at least 4 characters long). */
    static SecretForms of(Collection<String> secrets) {
        Map<String, Form> forms = new LinkedHashMap<>();
        for (String s : secrets) {
            add(forms, s, false, 1);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (s.chars().allMatch(c -> c < 128)) {
                add(forms, interleave(s, true), false, MIN_DERIVED_CHARS);
                add(forms, interleave(s, false), false, MIN_DERIVED_CHARS);
            }
            for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                add(forms, e.encodeToString(utf8), false, MIN_DERIVED_CHARS);
                for (String core : base64Cores(utf8, e.withoutPadding())) add(forms, core, false, MIN_DERIVED_CHARS);
            }
            add(forms, hex(utf8), true, MIN_DERIVED_CHARS);
        }
        List<Form> list = new ArrayList<>(forms.values());
        list.sort(LONGEST_FIRST);
        return list.isEmpty() ? EMPTY : new SecretForms(list);
    }

    private static void add(Map<String, Form> forms, String text, boolean ignoreCase, int minLength) {
        if (text.length() >= minLength) forms.putIfAbsent(text, new Form(text, ignoreCase));
    }

    /** The secret as UTF-16 read byte by byte: little endian puts the NUL after each ASCII character. */
    private static String interleave(String s, boolean littleEndian) {
        StringBuilder b = new StringBuilder(s.length() * 2);
        for (int i = 0; i < s.length(); i++) {
            if (littleEndian) b.append(s.charAt(i)).append('\0');
            else b.append('\0').append(s.charAt(i));
        }
        return b.toString();
    }

    /**
     * For the secret at byte offset 0, 1 and 2 (modulo 3) of a larger Base64 text: the run of Base64 characters
     * whose 6 bits all come from the secret. Character j covers bits [6j, 6j + 6) and the secret bits
     * [8k, 8k + 8n).
     */
    static List<String> base64Cores(byte[] secret, Base64.Encoder unpadded) {
        List<String> cores = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            byte[] buf = new byte[k + secret.length + 2];
            System.arraycopy(secret, 0, buf, k, secret.length);
            String encoded = unpadded.encodeToString(buf);
            int from = (8 * k + 5) / 6;
            int to = 8 * (k + secret.length) / 6;
            if (to > from) cores.add(encoded.substring(from, to));
        }
        return cores;
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) b.append(String.format(Locale.ROOT, "%02x", x & 0xff));
        return b.toString();
    }

    /** The text with every occurrence of any form replaced by {@code mask}; the same instance if there is none. */
    String scrub(String text, String mask) {
        if (all.length == 0 || text == null || text.isEmpty()) return text;
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        int p = 0;
        while (p < n) {
            char c = text.charAt(p);
            int end = mayContinue(c, text, p) ? firstMatch(startingWith(c), text, p) : -1;
            if (end < 0 && (c == '\\' || c == '%' || c == '+')) {
                // the first character itself may be escaped: look up the forms starting with what it stands for
                int decoded = c == '\\' ? jsonDecoded(text, p) : c == '%' ? percentDecoded(text, p) : ' ';
                if (decoded >= 0) end = firstMatch(startingWith((char) decoded), text, p);
            }
            if (end > 0) {
                if (out == null) out = new StringBuilder(n);
                out.append(text, copied, p).append(mask);
                copied = end;
                p = end;
            } else {
                p++;
            }
        }
        if (out == null) return text;
        return out.append(text, copied, n).toString();
    }

    /** False when no form starting with {@code c} can match at {@code p}, judged by the next raw character. */
    private boolean mayContinue(char c, String text, int p) {
        if (c >= 128 || p + 1 >= text.length()) return true;
        long[] set = secondByAsciiStart[c];
        if (set == null) return false;
        char next = text.charAt(p + 1);
        return next >= 128 || (set[next >>> 6] & (1L << (next & 63))) != 0;
    }

    private Form[] startingWith(char c) {
        return c < 128 ? byAsciiStart[c] : byOtherStart.get(c);
    }

    private static int firstMatch(Form[] candidates, String text, int p) {
        if (candidates == null) return -1;
        for (Form f : candidates) {
            int end = matchAt(f, text, p);
            if (end > 0) return end;
        }
        return -1;
    }

    /** Where a match of the form starting at {@code p} ends, or -1. Each character may be escaped or not. */
    private static int matchAt(Form f, String t, int p) {
        String s = f.text();
        int q = p;
        for (int i = 0; i < s.length(); i++) {
            if (q >= t.length()) return -1;
            char want = s.charAt(i);
            char x = t.charAt(q);
            int next = -1;
            if (x == '\\') {
                int d = jsonDecoded(t, q);
                if (d >= 0 && same((char) d, want, f.ignoreCase())) next = q + (t.charAt(q + 1) == 'u' ? 6 : 2);
            } else if (x == '%') {
                int d = percentDecoded(t, q);
                if (d >= 0 && want < 128 && same((char) d, want, f.ignoreCase())) next = q + 3;
            }
            if (next < 0) {
                if (same(x, want, f.ignoreCase()) || (want == ' ' && x == '+')) next = q + 1;
                else return -1;
            }
            q = next;
        }
        return q;
    }

    /** The character a JSON escape at {@code q} stands for ({@code \u0041}, {@code \/}, {@code \n}...), or -1. */
    private static int jsonDecoded(String t, int q) {
        if (q + 1 >= t.length()) return -1;
        return switch (t.charAt(q + 1)) {
            case 'u' -> q + 6 <= t.length() ? hexValue(t, q + 2, 4) : -1;
            case '/' -> '/';
            case '"' -> '"';
            case '\\' -> '\\';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
    }

    /** The byte a percent escape at {@code q} stands for ({@code %2F}, {@code %2f}), or -1. */
    private static int percentDecoded(String t, int q) {
        return q + 3 <= t.length() ? hexValue(t, q + 1, 2) : -1;
    }

    private static int hexValue(String t, int from, int digits) {
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            char c = t.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        if (a == b) return true;
        return ignoreCase && a < 128 && b < 128 && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}

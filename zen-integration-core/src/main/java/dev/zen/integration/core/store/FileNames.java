package dev.zen.integration.core.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns ids into portable, reversible file names: letters, digits, '-' and '_' stay; every other byte of the UTF-8
 * form becomes {@code ~XX} (hex). So "SYNC-7" stays "SYNC-7" and "a/b" becomes "a~2Fb".
 */
final class FileNames {
    private FileNames() {}

    static String encode(String id) {
        StringBuilder sb = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                sb.append(c);
            } else {
                sb.append('~').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    static String decode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~' && i + 2 < name.length()) {
                out.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

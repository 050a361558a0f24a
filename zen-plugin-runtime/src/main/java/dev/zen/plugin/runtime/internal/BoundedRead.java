package dev.zen.plugin.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads plugin files: regular files only, never more than a cap. Opening a named pipe blocks until something writes
 * to it (forever, if nothing does), and a device such as {@code /dev/zero} never ends; both are refused before they
 * are opened, after links are resolved. The read itself stops at the cap, whatever size the file claimed.
 *
 * <p>A file swapped for a pipe between the check and the open can still block the reading thread; module reads
 * run on a load worker under the load timeout, never under the registry's lock, so that costs one thread.
 */
final class BoundedRead {
    private BoundedRead() {
    }

    /** The bytes of a regular file, at most {@code cap} of them. */
    static byte[] regularFile(Path path, int cap) throws IOException {
        Path real = path.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(path + " is not a regular file (" + kind(a) + "); plugins are read only from "
                    + "regular files");
        }
        if (a.size() > cap) throw new IOException(path + " is larger than " + cap + " bytes");
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return capped(in, path.toString(), cap, a.size());
        }
    }

    /** The bytes at a URL, at most {@code cap}; a {@code file:} URL must name a regular file. */
    static byte[] url(URL url, int cap) throws IOException {
        if ("file".equalsIgnoreCase(url.getProtocol())) {
            try {
                return regularFile(Path.of(url.toURI()), cap);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException(url + " is not a readable file URL: " + e.getMessage(), e);
            }
        }
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        try (InputStream in = c.getInputStream()) {
            return capped(in, url.toString(), cap, c.getContentLengthLong());
        }
    }

    /**
     * At most {@code cap} bytes of {@code in}, read straight into an array of the expected size (a module is read on
     * every load, and reading it in 8 KiB chunks joined afterwards took several times as long). The size is only a
     * hint: a stream that turns out shorter or longer is still read whole, and never past the cap.
     *
     * @param expected the size the file or connection claimed; 0 or negative when unknown
     */
    static byte[] capped(InputStream in, String what, int cap, long expected) throws IOException {
        byte[] head = new byte[(int) Math.max(0, Math.min(expected, cap))];
        int n = in.readNBytes(head, 0, head.length);
        if (n < head.length) return Arrays.copyOf(head, n); // shorter than claimed
        int next = in.read();
        if (next < 0) return head; // the usual case: exactly the claimed size
        byte[] rest = in.readNBytes(cap - n); // longer than claimed: the rest, up to the cap and one byte past it
        if (n + 1L + rest.length > cap) throw new IOException(what + " is larger than " + cap + " bytes");
        byte[] all = Arrays.copyOf(head, n + 1 + rest.length);
        all[n] = (byte) next;
        System.arraycopy(rest, 0, all, n + 1, rest.length);
        return all;
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) return "a folder";
        return a.isOther() ? "a pipe, socket or device" : "not a plain file";
    }
}

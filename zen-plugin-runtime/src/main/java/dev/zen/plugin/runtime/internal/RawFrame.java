package dev.zen.plugin.runtime.internal;

/**
 * The {@code raw_body} answer of the HTTP host functions (ABI v1 minor addition, docs/plugin-abi.md): a 4-byte
 * big-endian length of the envelope, the envelope's JSON, then the body's bytes as received. The first byte is
 * always 0 (envelopes are far below 16 MiB), so a guest tells it from a plain JSON envelope, which starts with
 * {@code {}.
 */
final class RawFrame {
    private RawFrame() {
    }

    /** The frame of {@code head} (JSON) and {@code body}. */
    static byte[] of(byte[] head, byte[] body) {
        byte[] out = new byte[4 + head.length + body.length];
        int n = head.length;
        out[0] = (byte) (n >>> 24);
        out[1] = (byte) (n >>> 16);
        out[2] = (byte) (n >>> 8);
        out[3] = (byte) n;
        System.arraycopy(head, 0, out, 4, n);
        System.arraycopy(body, 0, out, 4 + n, body.length);
        return out;
    }
}

package dev.zen.plugin.runtime.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web origin: scheme, lower-case host and effective port (the explicit one, else 443 for https and 80 for http).
 * Two URLs share an origin only if all three are equal, so another port or plain http of the same host is another
 * origin.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   the lower-case host as in the URL ({@code [::1]} for IPv6 literals)
 * @param port   the effective port
 */
public record Origin(String scheme, String host, int port) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** The origin of an absolute http(s) URI with a host, or null for anything else. */
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) return null;
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** Whether this origin is plain http. */
    boolean plainHttp() {
        return scheme.equals("http");
    }

    /**
     * Whether the host is a loopback address: {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}. Only literals
     * and the name {@code localhost} count; nothing is resolved, so DNS cannot make a host look local.
     */
    boolean loopback() {
        if (host.equals("localhost")) return true;
        Matcher m = IPV4.matcher(host);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) return false;
            }
            return m.group(1).equals("127");
        }
        if (host.startsWith("[") && host.endsWith("]") && host.contains(":")) {
            try {
                // an IPv6 literal (it contains ':'), so this parses and never resolves a name
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    // Written out: a record's generated equals and hashCode are bootstrapped through method handles (classes spun at
    // run time) the first time one runs, and an Origin was the first record a cold start hashed, in open().
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && port == other.port && scheme.equals(other.scheme)
                && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}

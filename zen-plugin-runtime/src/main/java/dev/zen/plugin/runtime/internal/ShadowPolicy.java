package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a plugin may take the place of another of the same name. Discovery lets the source of highest precedence win
 * (the folders in order, then the classpath), and the winner receives everything the host configured for that
 * name, credentials included. So a winner that shadows another copy loads only if
 * <ul>
 * <li>it is signed: {@link Integrity} then verifies the signature and refuses any that no trusted key (the
 * built-in {@link FirstPartyKeys} or the host's) verifies, or</li>
 * <li>the host allowed this name to be shadowed (an explicit, logged decision).</li>
 * </ul>
 * Otherwise loading fails naming both sources. The shadowed copy is never used instead: a silent fallback would hide
 * the folder that tried to take over.
 */
public final class ShadowPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowPolicy.class);

    private final Set<String> allowed;

    /** A policy allowing the given names to be shadowed by unsigned plugins. */
    public ShadowPolicy(Set<String> allowShadowing) {
        this.allowed = Set.copyOf(allowShadowing);
    }

    /**
     * Checks a discovered plugin before anything beyond its manifest is read.
     *
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} naming the winner's and the shadowed sources and the
     *                              ways out
     */
    public void check(Discovery.Candidate c) {
        if (c.shadowed().isEmpty() || c.manifest() == null || isSigned(c)) return;
        String winner = c.source().location();
        List<String> shadowed = c.shadowedLocations();
        if (allowed.contains(c.name())) {
            LOG.warn("plugin {}: loading the unsigned copy at {} in place of {} because the host allows shadowing {}",
                    c.name(), winner, shadowed, c.name());
            return;
        }
        throw Errors.loadFailed(c.name(), "the unsigned plugin at " + winner + " shadows the one at "
                + String.join(" and ", shadowed) + ". A plugin that takes the place of another of the same name must "
                + "be signed by a trusted key, so that a folder cannot silently take over a plugin and the credentials "
                + "given to it. Sign it with a key this host trusts (trustedKeys), allow it with allowShadowing(\""
                + c.name() + "\") (integrations.plugins.allow_shadowing in ZenIntegration's configuration), or "
                + "remove " + winner);
    }

    /** What the load log line adds: which sources the loaded plugin shadows, or nothing. */
    public static String summary(Discovery.Candidate c) {
        if (c.shadowed().isEmpty()) return "";
        return (isSigned(c) ? " (signed)" : " (unsigned, shadowing allowed by the host)") + ", shadowing "
                + String.join(", ", c.shadowedLocations());
    }

    private static boolean isSigned(Discovery.Candidate c) {
        String signature = c.manifest().security().signature();
        return signature != null && !signature.isBlank();
    }
}

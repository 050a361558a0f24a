package dev.zen.plugin.runtime.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The Zen project's plugin release keys. Every registry trusts them in addition to the host's
 * {@code trustedKeys}, so the plugins the project ships (such as {@code zen-plugin-jira}, signed when it is released)
 * verify everywhere, and a copy of one that was changed does not.
 *
 * <p>Only the public halves are here. The private key is kept outside the repository by whoever releases the
 * plugins ({@code plugins/README.md}, "Signing"). Rotation: add the new key here, sign releases with it, and remove
 * the old key once no supported release carries its signatures.
 */
public final class FirstPartyKeys {
    /** Base64 X.509 Ed25519 public keys, newest first. */
    public static final List<String> ENCODED = List.of(
            // zen-plugins-ed25519, 2025: signs plugins/jira
            "MCowBQYDK2VwAyEAzYnV85lhOATYzbc5QI17s30mF1mNubZEs5+G6vgJ5mU=");

    private static final CompletableFuture<List<PublicKey>> DECODED = new CompletableFuture<>();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private FirstPartyKeys() {
    }

    /** The keys, decoded. */
    public static List<PublicKey> keys() {
        return Holder.KEYS;
    }

    /**
     * The keys, decoded on a daemon thread started by the first call (once per JVM): loading the JDK's EC provider
     * takes a tenth of a cold start, which can run beside the registry's discovery. The supplier waits for them.
     */
    public static Supplier<List<PublicKey>> inBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Threads.daemon("zen-plugin-keys").newThread(() -> {
                try {
                    DECODED.complete(keys());
                } catch (RuntimeException | Error e) {
                    DECODED.completeExceptionally(e);
                }
            }).start();
        }
        return () -> {
            try {
                return DECODED.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        };
    }

    /** Decoded on first use of {@link #keys()}, not when this class is first touched. */
    private static final class Holder {
        static final List<PublicKey> KEYS = decode();
    }

    private static List<PublicKey> decode() {
        List<PublicKey> keys = new ArrayList<>();
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            for (String k : ENCODED) {
                keys.add(ed25519.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(k))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot read the built-in Ed25519 plugin keys (Java 15+ can)", e);
        }
        return List.copyOf(keys);
    }
}

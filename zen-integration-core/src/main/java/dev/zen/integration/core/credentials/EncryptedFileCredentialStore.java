package dev.zen.integration.core.credentials;

import dev.zen.integration.core.internal.io.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Credentials encrypted at rest in one JSON file: AES-256-GCM with a fresh random 12-byte nonce for every
 * credential written, the reference name bound in as additional authenticated data (so a ciphertext cannot be
 * moved to another reference), and a 128-bit tag that detects any change. The key comes from a key file that
 * only its owner may read, or from a passphrase through PBKDF2-HMAC-SHA256 (600,000 iterations by default) with
 * a random 16-byte salt stored in the file. Writes are atomic and the file is created {@code rw-------}.
 *
 * <pre>{@code
 * Path keyFile = home.resolve(".zen/credentials.key");
 * EncryptedFileCredentialStore.generateKeyFile(keyFile);              // once; rw------- 32 random bytes
 * EncryptedFileCredentialStore store = EncryptedFileCredentialStore.builder(home.resolve(".zen/credentials.enc"))
 *         .keyFile(keyFile)                                            // or .passphrase(chars)
 *         .build();
 * store.put("jira-bot", Credential.basic("bot@acme.com", apiToken));
 * }</pre>
 *
 * <p>Errors: CONFIG_ERROR when the key file is missing, has group/other permissions, or does not unlock the
 * store (wrong passphrase); STORAGE_ERROR when the file is corrupted or a credential fails its integrity check.
 * Thread-safe; every read sees the file as it is now. Priority {@value #DEFAULT_PRIORITY}. See
 * {@code docs/security.md}.
 */
public final class EncryptedFileCredentialStore implements CredentialProvider {
    /** The default priority: below environment variables. */
    public static final int DEFAULT_PRIORITY = 100;
    /** The default PBKDF2 iteration count for new passphrase stores (OWASP 2023 for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The lowest iteration count accepted. */
    public static final int MIN_ITERATIONS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedFileCredentialStore.class);
    private static final ObjectMapper JSON = Jackson.abi();
    private static final String FORMAT = "zen-credentials-v1";
    private static final String KDF_KEY_FILE = "key_file";
    private static final String KDF_PBKDF2 = "pbkdf2_hmac_sha256";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final byte[] KEY_CHECK = "zen-credential-store-key-check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_CHECK_AAD = "zen-key-check-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final Path keyFile;
    private final char[] passphrase;
    private final int newStoreIterations;
    private final int priority;
    private final Map<String, OAuth2RefreshFlow> flows;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> derivedKeys = new HashMap<>();

    private EncryptedFileCredentialStore(Builder b) {
        this.file = b.file;
        this.keyFile = b.keyFile;
        this.passphrase = b.passphrase;
        this.newStoreIterations = b.iterations;
        this.priority = b.priority;
        this.flows = Map.copyOf(b.flows);
    }

    /**
     * The user's default store, {@code <home>/.zen/credentials.enc} unlocked by the key file
     * {@code <home>/.zen/credentials.key}, if that key file exists (the store file itself may not exist yet).
     */
    public static Optional<EncryptedFileCredentialStore> userDefault(Path home) {
        Path zen = home.resolve(".zen");
        Path key = zen.resolve("credentials.key");
        if (!Files.exists(key)) return Optional.empty();
        return Optional.of(builder(zen.resolve("credentials.enc")).keyFile(key).build());
    }

    /** Starts a store kept in {@code file}; choose {@link Builder#keyFile} or {@link Builder#passphrase}. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /**
     * Creates a key file of 32 random bytes (Base64) readable and writable by its owner only.
     *
     * @throws IntegrationException CONFIG_ERROR if the file exists already (it is never overwritten),
     *                              STORAGE_ERROR if it cannot be written
     */
    public static void generateKeyFile(Path keyFile) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] text = Base64.getEncoder().encode(key);
        try {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            if (posix(keyFile.toAbsolutePath().getParent())) {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(keyFile);
            }
            Files.write(keyFile, text);
        } catch (FileAlreadyExistsException e) {
            throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "key file " + keyFile
                    + " exists already; it is never overwritten (that would lose every stored credential)");
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not create key file " + keyFile
                    + ": " + e.getMessage()).cause(e).build();
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    /**
     * Encrypts and stores a credential under {@code reference}, replacing any previous one, with a fresh nonce.
     *
     * @throws IntegrationException CONFIG_ERROR if the key does not unlock the store, STORAGE_ERROR on I/O failure
     */
    public synchronized void put(String reference, Credential credential) {
        requireReference(reference);
        Objects.requireNonNull(credential, "credential");
        ObjectNode root = readOrCreate();
        SecretKeySpec key = unlock(root);
        byte[] plain = serialize(credential);
        try {
            ((ObjectNode) root.get("credentials")).set(reference, seal(key, plain, aad(reference)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        write(root);
        LOG.info("Stored credential '{}' in {}", reference, file);
    }

    /**
     * Removes the credential stored under {@code reference}.
     *
     * @return whether there was one
     */
    public synchronized boolean remove(String reference) {
        ObjectNode root = read();
        if (root == null) return false;
        unlock(root);
        if (((ObjectNode) root.get("credentials")).remove(reference) == null) return false;
        write(root);
        LOG.info("Removed credential '{}' from {}", reference, file);
        return true;
    }

    /** The stored references, sorted. Needs no key. */
    public synchronized Set<String> references() {
        ObjectNode root = read();
        Set<String> refs = new TreeSet<>();
        if (root != null) root.get("credentials").fieldNames().forEachRemaining(refs::add);
        return Collections.unmodifiableSet(refs);
    }

    @Override
    public synchronized Optional<Credential> resolve(String reference) {
        ObjectNode root = read();
        if (root == null) return Optional.empty();
        JsonNode entry = root.get("credentials").get(reference);
        if (entry == null) return Optional.empty();
        SecretKeySpec key = unlock(root);
        byte[] plain;
        try {
            plain = open(key, entry, aad(reference));
        } catch (AEADBadTagException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "credential '" + reference + "' in " + file
                    + " failed its integrity check: the file was modified or corrupted. Store the credential again"
                    + " with put()").build();
        }
        try {
            return Optional.of(deserialize(plain, reference));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Refreshes through the {@link OAuth2RefreshFlow} registered for the reference and stores the result. */
    @Override
    public Optional<Credential> refresh(String reference, Credential rejected) {
        OAuth2RefreshFlow flow = flows.get(reference);
        if (flow == null || rejected.refreshToken() == null) return Optional.empty();
        Credential fresh = flow.refresh(rejected);
        put(reference, fresh); // keeps a rotated refresh token
        return Optional.of(fresh);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String toString() {
        return "EncryptedFileCredentialStore[" + file + ", key " + (keyFile != null ? "file " + keyFile : "from passphrase")
                + ", priority=" + priority + "]";
    }

    // ---- file --------------------------------------------------------------------------------------------

    private ObjectNode read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not read credential store " + file
                    + ": " + e.getMessage()).cause(e).build();
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root instanceof ObjectNode o && FORMAT.equals(o.path("format").asText())
                    && o.path("credentials").isObject() && o.path("kdf").isObject() && o.path("key_check").isObject()) {
                return o;
            }
        } catch (IOException e) {
            // reported below
        }
        throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "credential store " + file + " is not a "
                + FORMAT + " file (corrupted or something else); move it away and store the credentials again");
    }

    private ObjectNode readOrCreate() {
        ObjectNode root = read();
        if (root != null) return root;
        root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("cipher", "AES-256-GCM");
        ObjectNode kdf = root.putObject("kdf");
        if (keyFile != null) {
            kdf.put("type", KDF_KEY_FILE);
        } else {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            kdf.put("type", KDF_PBKDF2).put("iterations", newStoreIterations)
                    .put("salt", Base64.getEncoder().encodeToString(salt));
        }
        SecretKeySpec key = keyFor(kdf);
        root.set("key_check", seal(key, KEY_CHECK, KEY_CHECK_AAD));
        root.putObject("credentials");
        return root;
    }

    private void write(ObjectNode root) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- keys --------------------------------------------------------------------------------------------

    /** The key for this store, checked against the file's key check. */
    private SecretKeySpec unlock(ObjectNode root) {
        SecretKeySpec key = keyFor(root.get("kdf"));
        try {
            byte[] check = open(key, root.get("key_check"), KEY_CHECK_AAD);
            if (!Arrays.equals(check, KEY_CHECK)) throw new AEADBadTagException();
        } catch (AEADBadTagException e) {
            throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "cannot unlock credential store " + file + ": "
                    + (keyFile != null ? "key file " + keyFile + " is not its key" : "wrong passphrase")
                    + ". Use the key or passphrase it was created with");
        }
        return key;
    }

    private SecretKeySpec keyFor(JsonNode kdf) {
        String type = kdf.path("type").asText();
        if (KDF_KEY_FILE.equals(type)) {
            if (keyFile == null) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "credential store " + file
                        + " is locked with a key file; configure keyFile(...) instead of a passphrase");
            }
            return readKeyFile();
        }
        if (KDF_PBKDF2.equals(type)) {
            if (passphrase == null) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "credential store " + file
                        + " is locked with a passphrase; configure passphrase(...) instead of a key file");
            }
            int iterations = kdf.path("iterations").asInt();
            String salt = kdf.path("salt").asText();
            if (iterations < MIN_ITERATIONS || salt.isEmpty()) {
                throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "credential store " + file
                        + " has an invalid key derivation header (iterations " + iterations + ")");
            }
            return derivedKeys.computeIfAbsent(iterations + ":" + salt,
                    k -> derive(passphrase, Base64.getDecoder().decode(salt), iterations));
        }
        throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "credential store " + file
                + " uses an unknown key derivation '" + type + "'");
    }

    private SecretKeySpec readKeyFile() {
        try {
            if (posix(keyFile)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
                if (perms.stream().anyMatch(NOT_OWNER::contains)) {
                    throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "key file " + keyFile + " has permissions "
                            + PosixFilePermissions.toString(perms) + "; it must be readable by its owner only."
                            + " Run: chmod 600 " + keyFile);
                }
            }
            if (!Files.isRegularFile(keyFile)) {
                throw new NoSuchFileException(keyFile.toString());
            }
            byte[] raw = Files.readAllBytes(keyFile);
            byte[] key = raw.length == KEY_BYTES ? raw : decodeBase64(raw);
            try {
                if (key == null || key.length != KEY_BYTES) {
                    throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "key file " + keyFile
                            + " must hold exactly 32 bytes, raw or Base64; create one with generateKeyFile()");
                }
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(raw, (byte) 0);
                if (key != null) Arrays.fill(key, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "key file " + keyFile
                    + " does not exist; create one with EncryptedFileCredentialStore.generateKeyFile");
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "could not read key file " + keyFile + ": "
                    + e.getMessage()).cause(e).build();
        }
    }

    private static byte[] decodeBase64(byte[] text) {
        try {
            return Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SecretKeySpec derive(char[] passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * 8);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            try {
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    // ---- crypto ------------------------------------------------------------------------------------------

    private static byte[] aad(String reference) {
        return ("zen-credential-v1\n" + reference).getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode seal(SecretKeySpec key, byte[] plain, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain);
            ObjectNode node = JSON.createObjectNode();
            node.put("nonce", Base64.getEncoder().encodeToString(nonce));
            node.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
            return node;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java 17 runtime", e);
        }
    }

    private byte[] open(SecretKeySpec key, JsonNode sealed, byte[] aad) throws AEADBadTagException {
        byte[] nonce;
        byte[] ciphertext;
        try {
            nonce = Base64.getDecoder().decode(sealed.path("nonce").asText());
            ciphertext = Base64.getDecoder().decode(sealed.path("ciphertext").asText());
        } catch (IllegalArgumentException e) {
            throw new AEADBadTagException("not Base64");
        }
        if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) throw new AEADBadTagException("malformed");
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required by every Java 17 runtime", e);
        }
    }

    private static byte[] serialize(Credential c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", c.type().name().toLowerCase(Locale.ROOT));
        if (c.username() != null) node.put("username", c.username());
        node.put("secret", c.secret());
        if (c.refreshToken() != null) node.put("refresh_token", c.refreshToken());
        if (c.expiresAt() != null) node.put("expires_at", c.expiresAt().toString());
        // inside the ciphertext: the binding is authenticated with the secret, so it cannot be edited in the file
        if (!c.origins().isEmpty()) c.origins().forEach(node.putArray("origins")::add);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Credential deserialize(byte[] plain, String reference) {
        try {
            JsonNode n = JSON.readTree(plain);
            return new Credential(Credential.Type.valueOf(n.get("type").asText().toUpperCase(Locale.ROOT)),
                    n.path("username").isTextual() ? n.get("username").asText() : null,
                    n.get("secret").asText(),
                    n.path("refresh_token").isTextual() ? n.get("refresh_token").asText() : null,
                    n.path("expires_at").isTextual() ? Instant.parse(n.get("expires_at").asText()) : null,
                    origins(n.path("origins")));
        } catch (IOException | RuntimeException e) {
            throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "credential '" + reference + "' in " + file
                    + " decrypted but is not a valid credential; store it again with put()");
        }
    }

    private static List<String> origins(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : array) out.add(o.asText());
        return out;
    }

    private static void requireReference(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference must not be blank");
        }
    }

    /** Builds an {@link EncryptedFileCredentialStore}. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private Path keyFile;
        private char[] passphrase;
        private int iterations = DEFAULT_ITERATIONS;
        private int priority = DEFAULT_PRIORITY;
        private final Map<String, OAuth2RefreshFlow> flows = new HashMap<>();

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** Takes the 32-byte key from a file readable by its owner only (see {@link #generateKeyFile}). */
        public Builder keyFile(Path keyFile) {
            this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        /** Derives the key from a passphrase with PBKDF2-HMAC-SHA256. The array is copied; clear yours. */
        public Builder passphrase(char[] passphrase) {
            Objects.requireNonNull(passphrase, "passphrase");
            if (passphrase.length == 0) throw new IllegalArgumentException("passphrase must not be empty");
            this.passphrase = passphrase.clone();
            return this;
        }

        /** PBKDF2 iterations for a new passphrase store; at least {@link EncryptedFileCredentialStore#MIN_ITERATIONS}. */
        public Builder pbkdf2Iterations(int iterations) {
            if (iterations < MIN_ITERATIONS) {
                throw new IllegalArgumentException("pbkdf2 iterations must be at least " + MIN_ITERATIONS);
            }
            this.iterations = iterations;
            return this;
        }

        /** The priority among credential providers; default {@value #DEFAULT_PRIORITY}. */
        public Builder priority(int priority) { this.priority = priority; return this; }

        /** Refreshes the reference's credential through {@code flow} after rejection, storing the result. */
        public Builder refreshWith(String reference, OAuth2RefreshFlow flow) {
            flows.put(Objects.requireNonNull(reference, "reference"), Objects.requireNonNull(flow, "flow"));
            return this;
        }

        /** Builds the store; the file is read on first use. */
        public EncryptedFileCredentialStore build() {
            if ((keyFile == null) == (passphrase == null)) {
                throw new IllegalStateException("configure exactly one of keyFile(...) or passphrase(...)");
            }
            return new EncryptedFileCredentialStore(this);
        }
    }
}

import dev.zen.plugin.runtime.PluginSigner;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Signs a plugin with an Ed25519 key in the format of docs/plugin-abi.md#checksum-and-signature, makes a key, or
 * checks a signature the way a host does. Run by plugins/sign.sh, with the runtime's class path:
 * <pre>
 * java -cp CP SignPlugin.java keygen KEY_FILE                      # new key file (mode 600); prints the public key
 * java -cp CP SignPlugin.java sign KEY_FILE MANIFEST WASM          # writes the signature: line into MANIFEST
 * java -cp CP SignPlugin.java verify MANIFEST WASM [TRUSTED_KEY..] # loads it with requireSignatures(true); with no
 *                                                                  # key given only the runtime's built-in key counts
 * </pre>
 * The key file holds the Base64 PKCS#8 private key. It must be readable by its owner only; it never belongs in the
 * repository.
 */
public class SignPlugin {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keygen")) {
            keygen(Path.of(args[1]));
        } else if (args.length == 4 && args[0].equals("sign")) {
            sign(readKey(Path.of(args[1])), Path.of(args[2]), Path.of(args[3]));
        } else if (args.length >= 3 && args[0].equals("verify")) {
            verify(Path.of(args[1]), Path.of(args[2]), Arrays.asList(args).subList(3, args.length));
        } else {
            System.err.println("usage: SignPlugin keygen KEY_FILE | sign KEY_FILE MANIFEST WASM"
                    + " | verify MANIFEST WASM [TRUSTED_KEY...]");
            System.exit(2);
        }
    }

    private static void keygen(Path file) throws IOException {
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE)));
        }
        KeyPair keys = PluginSigner.generateKeyPair();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " exists; refusing to overwrite a signing key", e);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n");
        System.out.println(PluginSigner.encodePublicKey(keys.getPublic()));
    }

    private static PrivateKey readKey(Path file) throws Exception {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IllegalStateException(file + " has permissions " + PosixFilePermissions.toString(perms)
                    + "; a signing key must be readable by its owner only. Run: chmod 600 " + file);
        }
        byte[] der = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static void sign(PrivateKey key, Path manifest, Path wasmFile) throws IOException {
        String yaml = Files.readString(manifest, StandardCharsets.UTF_8);
        byte[] wasm = Files.readAllBytes(wasmFile);
        Files.writeString(manifest, PluginSigner.signManifest(yaml, wasm, key), StandardCharsets.UTF_8);
        System.out.println("signed " + manifest + " (module " + wasmFile + ", " + PluginSigner.checksum(wasm) + ")");
    }

    /** Lays the plugin out as a folder and loads it as a host requiring signatures would. */
    private static void verify(Path manifest, Path wasmFile, List<String> trustedKeys) throws IOException {
        String yaml = Files.readString(manifest, StandardCharsets.UTF_8);
        String name = field(yaml, "name");
        Path root = Files.createTempDirectory("zen-verify");
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            Files.writeString(dir.resolve("manifest.yaml"), yaml, StandardCharsets.UTF_8);
            Files.copy(wasmFile, dir.resolve(field(yaml, "wasm_file")));
            try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of(root))
                    .scanClasspath(false).trustedKeys(trustedKeys).requireSignatures(true).build()) {
                registry.load(name);
            }
            System.out.println("verified " + manifest + (trustedKeys.isEmpty() ? " with the runtime's built-in key"
                    : " with the given keys"));
        } finally {
            try (var files = Files.walk(root)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(p);
            }
        }
    }

    private static String field(String yaml, String key) {
        return yaml.lines().map(String::strip).filter(l -> l.startsWith(key + ":")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the manifest has no " + key + ": line"))
                .substring(key.length() + 1).strip();
    }
}

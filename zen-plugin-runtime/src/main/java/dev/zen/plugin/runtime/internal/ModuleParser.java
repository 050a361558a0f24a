package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Chicory's {@code Parser.parse(Supplier)} without its own SHA-256 of the bytes. Chicory hashes every module it
 * parses (to name it, e.g. as the compiler cache's key), and only a JVM-wide system property turns that off; the
 * runtime has already hashed and verified the module, so this names the module by that digest instead (in Chicory's
 * {@code sha-256:<Base64>} form, the same name Chicory would give it). In a cold JVM, where SHA-256 runs interpreted,
 * the second hash was a sizeable part of a load.
 */
final class ModuleParser {
    private static final Parser PARSER = Parser.builder().build();

    private ModuleParser() {}

    /**
     * Parses {@code bytes} (the module whose SHA-256 is {@code sha256Hex}, or a copy of it without function bodies)
     * and validates it when {@code validate}.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException if the bytes are not a valid module
     */
    static WasmModule parse(byte[] bytes, String sha256Hex, boolean validate) {
        WasmModule.Builder module = WasmModule.builder().withValidation(validate);
        try {
            PARSER.parse(new ByteArrayInputStream(bytes), s -> add(module, s));
        } catch (MalformedException e) {
            // Chicory's wording for the same failure
            throw new MalformedException("section size mismatch, unexpected end of section or function, "
                    + e.getMessage(), e);
        }
        return module.withDigest(chicoryDigest(sha256Hex)).build();
    }

    /** A hex SHA-256 in Chicory's digest form. */
    static String chicoryDigest(String sha256Hex) {
        return "sha-256:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }

    /** What Chicory's parser does with each section it reads. */
    private static void add(WasmModule.Builder module, Section s) {
        switch (s.sectionId()) {
            case SectionId.CUSTOM -> module.addCustomSection(((CustomSection) s).name(), (CustomSection) s);
            case SectionId.TYPE -> module.setTypeSection((TypeSection) s);
            case SectionId.IMPORT -> module.setImportSection((ImportSection) s);
            case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) s);
            case SectionId.TABLE -> module.setTableSection((TableSection) s);
            case SectionId.MEMORY -> module.setMemorySection((MemorySection) s);
            case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) s);
            case SectionId.EXPORT -> module.setExportSection((ExportSection) s);
            case SectionId.START -> module.setStartSection((StartSection) s);
            case SectionId.ELEMENT -> module.setElementSection((ElementSection) s);
            case SectionId.CODE -> module.setCodeSection((CodeSection) s);
            case SectionId.DATA -> module.setDataSection((DataSection) s);
            case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) s);
            case SectionId.TAG -> module.setTagSection((TagSection) s);
            default -> module.addIgnoredSection(s.sectionId());
        }
    }
}

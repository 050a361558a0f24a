import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the classes chicory-compiler-maven-plugin generated for a plugin so that Java 17's C2 JIT cannot miscompile
 * them (dylibso/chicory#755, #843; docs/plugin-runtime.md, "Pre-compiled plugins"). Run by the plugin's Maven build
 * (maven-antrun-plugin, with ASM on its class path) right after the compiler, on the compiler's class folder:
 * <pre>
 * java -cp ASM_JAR InlineUnsignedComparisons.java CLASS_FOLDER HELPER_CLASS   # HELPER_CLASS: a/b/NameUnsigned
 * </pre>
 * What C2 miscompiles is Chicory's unsigned comparison ({@code Integer.compareUnsigned(a, b) >= 0 ? 1 : 0} in
 * {@code OpcodeImpl.I32_GE_U} and its siblings) once it is inlined into compiled guest code. Chicory 1.7.5 guards
 * {@code i32.ge_u} and {@code memory.copy} with a deliberately megamorphic call ({@code MemCopyWorkaround}) and the
 * runtime adds a JIT directive against inlining the rest, both of which cost every call. This tool sends every call to
 * one of the eight unsigned comparisons, in {@code OpcodeImpl} or in {@code MemCopyWorkaround}, to HELPER_CLASS, which
 * it writes: {@code a <u b} is the signed {@code a < b}, flipped when the signs differ, a shape with which the JIT
 * probe (docs/benchmarks.md) found no corruption, inlined and without the directive. Chicory's proposed fix,
 * {@code a + MIN_VALUE < b + MIN_VALUE} (dylibso/chicory pull request 1084), is the same unsigned compare node to C2,
 * and the probe corrupted the heap in every round with it. {@code memory.copy} calls the memory directly, and the
 * class initialiser no longer asks {@code MemCopyWorkaround} whether to use it (which ran its 1,000-step warm-up in
 * every cold start). Only call targets change: same descriptors, same stack, so no frame is recomputed. Then it reads
 * every class again and fails if any call to those methods is left. Output is deterministic, and a second run changes
 * nothing.
 */
public final class InlineUnsignedComparisons {
    private static final String OPCODES = "com/dylibso/chicory/runtime/OpcodeImpl";
    private static final String WORKAROUND = "com/dylibso/chicory/runtime/MemCopyWorkaround";
    private static final String MEMORY = "com/dylibso/chicory/runtime/Memory";
    private static final String MEMORY_COPY = "(IIIL" + MEMORY + ";)V";
    /** The comparisons Chicory compiles {@code i32.lt_u} and its siblings to. */
    private static final Set<String> I32 = Set.of("I32_GE_U", "I32_GT_U", "I32_LE_U", "I32_LT_U");
    private static final Set<String> I64 = Set.of("I64_GE_U", "I64_GT_U", "I64_LE_U", "I64_LT_U");

    private InlineUnsignedComparisons() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java -cp ASM_JAR InlineUnsignedComparisons.java CLASS_FOLDER HELPER_CLASS");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        String helper = args[1];
        Path helperFile = folder.resolve(helper + ".class");
        int[] redirected = new int[1];
        for (Path file : classFiles(folder)) {
            if (file.equals(helperFile)) continue;
            byte[] before = Files.readAllBytes(file);
            ClassReader reader = new ClassReader(before);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new Redirect(writer, helper, redirected), 0);
            byte[] after = writer.toByteArray();
            if (!Arrays.equals(before, after)) Files.write(file, after);
        }
        Files.createDirectories(helperFile.getParent());
        Files.write(helperFile, helperClass(helper));
        List<String> left = leftovers(folder);
        if (!left.isEmpty()) {
            System.err.println("InlineUnsignedComparisons: references left after the rewrite: " + left);
            System.exit(1);
        }
        System.out.println("InlineUnsignedComparisons: " + redirected[0] + " call sites now use " + helper);
    }

    /** The class files under {@code folder}, in a stable order. */
    private static List<Path> classFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
    }

    /** Where a method call must go instead, or null to keep it. */
    private static String replacement(String owner, String name, String descriptor) {
        boolean comparison = I32.contains(name) || I64.contains(name);
        if (owner.equals(OPCODES) && comparison) return name;
        if (owner.equals(WORKAROUND)) {
            if (name.equals("i32_ge_u")) return "I32_GE_U";
            if (name.equals("memoryCopy") && descriptor.equals(MEMORY_COPY)) return "memoryCopy";
        }
        return null;
    }

    /** Sends the comparisons and the workaround's calls to the helper; the workaround's switch reads false. */
    private static final class Redirect extends ClassVisitor {
        private final String helper;
        private final int[] redirected;

        Redirect(ClassVisitor next, String helper, int[] redirected) {
            super(Opcodes.ASM9, next);
            this.helper = helper;
            this.redirected = redirected;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, desc, signature, exceptions);
            return new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean itf) {
                    if (opcode == Opcodes.INVOKESTATIC && owner.equals(WORKAROUND)
                            && method.equals("shouldUseMemWorkaround") && descriptor.equals("()Z")) {
                        super.visitInsn(Opcodes.ICONST_0); // same stack effect: one int
                        redirected[0]++;
                        return;
                    }
                    String to = opcode == Opcodes.INVOKESTATIC ? replacement(owner, method, descriptor) : null;
                    if (to == null) {
                        super.visitMethodInsn(opcode, owner, method, descriptor, itf);
                        return;
                    }
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, helper, to, descriptor, false);
                    redirected[0]++;
                }
            };
        }
    }

    /** The helper: the eight comparisons on shifted operands, and memory.copy without the workaround. */
    private static byte[] helperClass(String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null,
                "java/lang/Object", null);
        for (String op : new TreeSet<>(I32)) comparison(cw, op, false);
        for (String op : new TreeSet<>(I64)) comparison(cw, op, true);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "memoryCopy", MEMORY_COPY, null,
                null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, MEMORY, "copy", "(III)V", true);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * {@code static int op(a, b)} without {@code compareUnsigned} or its {@code a + MIN_VALUE} form (which C2 turns
     * into the same unsigned compare node): {@code a <u b} is the signed {@code a < b}, flipped when the signs differ;
     * {@code >u} swaps the operands, {@code >=u} and {@code <=u} negate.
     */
    private static void comparison(ClassWriter cw, String op, boolean wide) {
        boolean swap = op.endsWith("GT_U") || op.endsWith("LE_U");
        boolean negate = op.endsWith("GE_U") || op.endsWith("LE_U");
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, op, wide ? "(JJ)I" : "(II)I", null,
                null);
        mv.visitCode();
        int load = wide ? Opcodes.LLOAD : Opcodes.ILOAD;
        int a = swap ? (wide ? 2 : 1) : 0;
        int b = swap ? 0 : (wide ? 2 : 1);
        Label notLess = new Label();
        Label signs = new Label();
        mv.visitVarInsn(load, a);
        mv.visitVarInsn(load, b);
        if (wide) {
            mv.visitInsn(Opcodes.LCMP);
            mv.visitJumpInsn(Opcodes.IFGE, notLess);
        } else {
            mv.visitJumpInsn(Opcodes.IF_ICMPGE, notLess);
        }
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitJumpInsn(Opcodes.GOTO, signs);
        mv.visitLabel(notLess);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitLabel(signs);
        mv.visitVarInsn(load, a);
        mv.visitVarInsn(load, b);
        if (wide) {
            mv.visitInsn(Opcodes.LXOR);
            mv.visitIntInsn(Opcodes.BIPUSH, 63);
            mv.visitInsn(Opcodes.LUSHR);
            mv.visitInsn(Opcodes.L2I);
        } else {
            mv.visitInsn(Opcodes.IXOR);
            mv.visitIntInsn(Opcodes.BIPUSH, 31);
            mv.visitInsn(Opcodes.IUSHR);
        }
        mv.visitInsn(Opcodes.IXOR);
        if (negate) {
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IXOR);
        }
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Calls to the unsigned comparisons or to the workaround still in the classes under {@code folder}. */
    private static List<String> leftovers(Path folder) throws IOException {
        List<String> left = new ArrayList<>();
        for (Path file : classFiles(folder)) {
            ClassReader reader = new ClassReader(Files.readAllBytes(file));
            String cls = reader.getClassName();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int op, String owner, String m, String desc, boolean itf) {
                            if (owner.equals(WORKAROUND) || replacement(owner, m, desc) != null) {
                                left.add(cls + "." + name + " -> " + owner + "." + m);
                            }
                        }
                    };
                }
            }, 0);
        }
        return left;
    }
}

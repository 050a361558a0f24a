package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The build rewrites the pre-compiled classes (plugins/tools/InlineUnsignedComparisons.java) so that Java 17's C2
 * cannot miscompile their unsigned comparisons: no class calls Chicory's comparisons or its megamorphic workaround,
 * and the helper they call instead answers exactly as {@code compareUnsigned} does.
 */
class PrecompiledJitSafetyTest {
    private static final String PACKAGE = "dev/zen/plugin/jira/precompiled/";
    private static final String HELPER = "dev.zen.plugin.jira.precompiled.JiraModuleUnsigned";
    private static final List<String> CLASSES = List.of("JiraModuleMachine", "JiraModuleMachineFuncGroup_0",
            "JiraModuleMachineMachineCall", "JiraModuleMachineShaded");

    @Test
    void givenThePrecompiledClassesWhenScannedThenNoneCallsChicorysUnsignedComparisonsOrItsWorkaround()
            throws IOException {
        List<String> calls = new ArrayList<>();
        int helperCalls = 0;
        for (String name : CLASSES) {
            for (String call : calls(PACKAGE + name + ".class")) {
                if (call.startsWith(PACKAGE + "JiraModuleUnsigned.")) helperCalls++;
                if (call.startsWith("com/dylibso/chicory/runtime/MemCopyWorkaround.")
                        || call.matches("com/dylibso/chicory/runtime/OpcodeImpl\\.I(32|64)_(GE|GT|LE|LT)_U")) {
                    calls.add(name + " -> " + call);
                }
            }
        }

        assertThat(calls).isEmpty();
        assertThat(helperCalls).as("the comparisons call the helper instead").isGreaterThan(100);
    }

    @Test
    void givenTheDescriptorWhenReadThenItSaysTheComparisonsAreInlined() throws IOException {
        Properties d = new Properties();
        try (InputStream in = resource("META-INF/zen-plugins/jira/precompiled.properties")) {
            d.load(in);
        }

        assertThat(d.getProperty("unsigned.comparisons")).isEqualTo("inlined");
    }

    @Property(tries = 3000)
    void givenAnyTwoIntsWhenComparedByTheHelperThenItAnswersAsCompareUnsigned(
            @ForAll("ints") int a, @ForAll("ints") int b) throws Throwable {
        assertThat(answers("I32_", int.class, a, b)).isEqualTo(expected(Integer.compareUnsigned(a, b)));
    }

    @Property(tries = 3000)
    void givenAnyTwoLongsWhenComparedByTheHelperThenItAnswersAsCompareUnsigned(
            @ForAll("longs") long a, @ForAll("longs") long b) throws Throwable {
        assertThat(answers("I64_", long.class, a, b)).isEqualTo(expected(Long.compareUnsigned(a, b)));
    }

    @Provide
    Arbitrary<Integer> ints() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1, 2, -2, Integer.MIN_VALUE,
                Integer.MAX_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1));
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, 1L, -1L, 2L, -2L, Long.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0xFFFF_FFFFL, 0x1_0000_0000L));
    }

    /** What {@code >=u}, {@code >u}, {@code <=u} and {@code <u} answer when {@code compareUnsigned} said {@code c}. */
    private static List<Integer> expected(int c) {
        return List.of(c >= 0 ? 1 : 0, c > 0 ? 1 : 0, c <= 0 ? 1 : 0, c < 0 ? 1 : 0);
    }

    /** The helper's GE_U, GT_U, LE_U and LT_U of {@code a} and {@code b}, in that order. */
    private static List<Integer> answers(String prefix, Class<?> operand, Object a, Object b) throws Throwable {
        List<Integer> out = new ArrayList<>();
        for (String op : List.of("GE_U", "GT_U", "LE_U", "LT_U")) {
            MethodHandle m = MethodHandles.publicLookup().findStatic(Class.forName(HELPER), prefix + op,
                    MethodType.methodType(int.class, operand, operand));
            out.add((int) m.invoke(a, b));
        }
        return out;
    }

    /** Every method call in a class of the jar, as {@code owner.name}. */
    private static List<String> calls(String classFile) throws IOException {
        List<String> calls = new ArrayList<>();
        try (InputStream in = resource(classFile)) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int op, String owner, String method, String d, boolean itf) {
                            calls.add(owner + "." + method);
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG);
        }
        return calls;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = PrecompiledJitSafetyTest.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new IOException("not on the test class path: " + path);
        return in;
    }
}

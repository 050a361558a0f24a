package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * When the registry needs to keep Java 17's JIT away from Chicory's unsigned comparisons, and how: the JVM flags, or
 * else a compiler directive added at run time (tests pass the Java version and JVM arguments explicitly, so they
 * run on any HotSpot JVM; an added directive only forbids inlining four tiny methods, as the build's flags do).
 */
class JitWorkaroundTest {
    private static final List<String> METHODS = List.of("I32_GE_U", "I32_GT_U", "I32_LE_U", "I32_LT_U");

    @Test
    void givenJava17WithoutTheFlagsWhenProtectedThenTheDirectiveIsInstalled() throws Exception {
        JitWorkaround.Outcome outcome = JitWorkaround.apply(17, List.of("-Xmx1g"), true);

        assertThat(outcome).isEqualTo(JitWorkaround.Outcome.DIRECTIVE_ADDED);
        String printed = JitWorkaround.directivesPrinted();
        for (String m : METHODS) assertThat(printed).contains("com/dylibso/chicory/runtime/OpcodeImpl." + m);
    }

    @Test
    void givenJava21WhenProtectedThenNoDirectiveIsAdded() throws Exception {
        String before = JitWorkaround.directivesPrinted();

        assertThat(JitWorkaround.apply(21, List.of(), true)).isEqualTo(JitWorkaround.Outcome.NOT_NEEDED);
        assertThat(JitWorkaround.directivesPrinted()).isEqualTo(before);
    }

    @Test
    void givenJava17WithTheFlagsWhenProtectedThenNoDirectiveIsAdded() throws Exception {
        String before = JitWorkaround.directivesPrinted();

        assertThat(JitWorkaround.apply(17, Arrays.asList(JitWorkaround.FLAGS.split(" ")), true))
                .isEqualTo(JitWorkaround.Outcome.FLAGS_PRESENT);
        assertThat(JitWorkaround.directivesPrinted()).isEqualTo(before);
    }

    @Test
    void givenJava17WithTheDirectiveSwitchedOffWhenProtectedThenNoDirectiveIsAdded() throws Exception {
        String before = JitWorkaround.directivesPrinted();

        assertThat(JitWorkaround.apply(17, List.of(), false)).isEqualTo(JitWorkaround.Outcome.DISABLED);
        assertThat(JitWorkaround.directivesPrinted()).isEqualTo(before);
    }

    @Test
    void givenTheDirectiveWhenPrintedThenItForbidsInliningTheFourComparisons() {
        assertThat(JitWorkaround.DIRECTIVE).startsWith("[{match: \"*.*\", inline: [\"-com/dylibso/chicory/runtime/"
                + "OpcodeImpl.I32_GE_U\"").contains(METHODS.stream().map(m -> "-com/dylibso/chicory/runtime/OpcodeImpl."
                + m).toList());
    }

    @Test
    void givenJava17WithoutTheFlagsWhenCheckedThenTheyAreMissing() {
        assertThat(JitWorkaround.missing(17, List.of("-Xmx1g"))).isTrue();
    }

    @Test
    void givenJava17WithTheFlagsWhenCheckedThenNothingIsMissing() {
        List<String> args = Arrays.asList(JitWorkaround.FLAGS.split(" "));

        assertThat(JitWorkaround.missing(17, args)).isFalse();
    }

    @Test
    void givenJava17WithOnlySomeOfTheFlagsWhenCheckedThenTheyAreMissing() {
        assertThat(JitWorkaround.missing(17,
                List.of("-XX:CompileCommand=dontinline,com/dylibso/chicory/runtime/OpcodeImpl.I32_GE_U"))).isTrue();
    }

    @Test
    void givenJava17WithTheSlowerExcludeFlagsWhenCheckedThenNothingIsMissing() {
        List<String> args = Arrays.asList(JitWorkaround.FLAGS.replace("dontinline,", "exclude,").split(" "));

        assertThat(JitWorkaround.missing(17, args)).isFalse();
    }

    @Test
    void givenJava17RunningC1OnlyWhenCheckedThenNothingIsMissing() {
        assertThat(JitWorkaround.missing(17, List.of("-XX:TieredStopAtLevel=1"))).isFalse();
        assertThat(JitWorkaround.missing(17, List.of("-Xint"))).isFalse();
    }

    @Test
    void givenJava17WhereC2CanStillRunWhenCheckedThenTheFlagsAreMissing() {
        assertThat(JitWorkaround.missing(17, List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4"))).isTrue();
        assertThat(JitWorkaround.missing(17, List.of("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation"))).isTrue();
        assertThat(JitWorkaround.missing(17, List.of("-Xint", "-Xmixed"))).isTrue();
    }

    @Test
    void givenJava21WhenCheckedThenNoFlagsAreNeeded() {
        assertThat(JitWorkaround.missing(21, List.of())).isFalse();
    }

    @Test
    void givenTheDirectiveAddedInTheBackgroundWhenAwaitedThenItWaitsUntilTheWorkHasFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        CompletableFuture<Void> done = new CompletableFuture<>();
        JitWorkaround.inBackground(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        }, done);
        Thread waiter = new Thread(() -> JitWorkaround.await(done));
        waiter.start();

        waiter.join(200);
        assertThat(waiter.isAlive()).as("still waiting while the directive is being added").isTrue();
        release.countDown();
        waiter.join();
        assertThat(finished).isTrue();
    }

    @Test
    void givenTheBackgroundWorkFailsWhenAwaitedThenTheWaitStillEnds() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        JitWorkaround.inBackground(() -> {
            throw new IllegalStateException("no JMX");
        }, done);

        JitWorkaround.await(done);

        assertThat(done).isCompleted();
    }
}

package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link BoundedRead} reads into an array of the size a file or connection claims; the claim is only a hint, so a
 * stream that is shorter or longer (a file changed between the size check and the read) must still come back whole,
 * and nothing may get past the cap.
 */
class BoundedReadProperties {
    private static final int CAP = 64;

    @Property(tries = 2000)
    void readsTheWholeStreamWhateverSizeWasClaimed(@ForAll @Size(max = CAP) byte[] content,
                                                   @ForAll @IntRange(min = -1, max = 2 * CAP) int claimed)
            throws IOException {
        assertThat(BoundedRead.capped(trickle(content), "x", CAP, claimed)).isEqualTo(content);
    }

    @Property(tries = 1000)
    void refusesAStreamPastTheCapWhateverSizeWasClaimed(@ForAll @Size(min = CAP + 1, max = 3 * CAP) byte[] content,
                                                        @ForAll @IntRange(min = -1, max = 4 * CAP) int claimed) {
        assertThatThrownBy(() -> BoundedRead.capped(trickle(content), "x", CAP, claimed))
                .isInstanceOf(IOException.class).hasMessage("x is larger than " + CAP + " bytes");
    }

    /** The attack: a file that grows after its size was checked must still stop at the cap. */
    @Example
    void aFileThatClaimsToBeSmallIsStillCappedWhenItGrows() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> BoundedRead.capped(endless, "grown.wasm", 1 << 20, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 1048576 bytes");
    }

    @Example
    void readsARegularFileUpToTheCapAndRefusesOneByteMore() throws IOException {
        Path file = Files.createTempFile("bounded", ".wasm");
        try {
            byte[] content = new byte[CAP];
            for (int i = 0; i < CAP; i++) content[i] = (byte) i;
            Files.write(file, content);
            assertThat(BoundedRead.regularFile(file, CAP)).isEqualTo(content);
            Files.write(file, new byte[CAP + 1]);
            assertThatThrownBy(() -> BoundedRead.regularFile(file, CAP)).isInstanceOf(IOException.class)
                    .hasMessageContaining("larger than " + CAP + " bytes");
        } finally {
            Files.delete(file);
        }
    }

    /** A stream that hands out one to three bytes per read, as pipes and inflaters may. */
    private static InputStream trickle(byte[] content) {
        return new FilterInputStream(new ByteArrayInputStream(content)) {
            private int turn;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + turn++ % 3));
            }
        };
    }
}

package dev.zen.examples.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/plugin-author-guide.md shows the example plugin that {@link GitHubPluginTest} builds and tests, verbatim. */
class PluginAuthorGuideTest {
    static final Path GUIDE = Path.of("..", "..", "docs", "plugin-author-guide.md");
    static final Path PLUGIN = Path.of("github-plugin");

    @Test
    void givenTheGuideWhenItsPluginSourceIsReadThenItIsTheSourceThatWasBuiltAndTested() throws IOException {
        String guide = Files.readString(GUIDE);

        assertThat(block(guide, "```ts\n")).isEqualTo(Files.readString(PLUGIN.resolve("assembly/index.ts")));
    }

    @Test
    void givenTheGuideWhenItsManifestIsReadThenItIsTheTestedManifestApartFromTheChecksum() throws IOException {
        String guide = Files.readString(GUIDE);

        assertThat(withoutChecksum(block(guide, "```yaml\nschema_version")))
                .isEqualTo(withoutChecksum(Files.readString(PLUGIN.resolve("github/manifest.yaml"))));
    }

    private static String withoutChecksum(String manifest) {
        return manifest.replaceAll("checksum: sha256:.*", "checksum: <sha>");
    }

    /** The text of the first fenced block starting with {@code opening}, without its opening fence line. */
    private static String block(String markdown, String opening) {
        int start = markdown.indexOf(opening);
        assertThat(start).as("a block starting with %s", opening).isNotNegative();
        int body = markdown.indexOf('\n', start) + 1;
        return markdown.substring(body, markdown.indexOf("```\n", body));
    }
}

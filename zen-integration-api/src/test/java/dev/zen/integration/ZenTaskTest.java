package dev.zen.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZenTaskTest {

    @Test
    void aTaskNeedsAnIdAndATitle() {
        assertThatNullPointerException().isThrownBy(() -> ZenTask.builder(null, "t").build());
        assertThatThrownBy(() -> ZenTask.builder(" ", "t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> ZenTask.builder("t-1", "").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
    }

    @Test
    void labelsAndExtraFieldsAreCopiedSoLaterChangesToTheInputsDoNotLeakIn() {
        List<String> labels = new ArrayList<>(List.of("a"));
        Map<String, String> extra = new HashMap<>(Map.of("story_points", "3"));

        ZenTask task = ZenTask.builder("t-1", "Title").labels(labels).extraFields(extra).build();
        labels.add("b");
        extra.put("story_points", "8");

        assertThat(task.labels()).containsExactly("a");
        assertThat(task.extraFields()).containsEntry("story_points", "3");
    }

    @Test
    void theCollectionsOfATaskCannotBeModified() {
        ZenTask task = ZenTask.builder("t-1", "Title").labels("a").extraField("x", "1").build();

        assertThatThrownBy(() -> task.labels().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> task.extraFields().put("y", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labelsMustBeUniqueAndFreeOfWhiteSpace() {
        assertThatThrownBy(() -> ZenTask.builder("t-1", "T").labels("a", "a").build())
                .hasMessageContaining("duplicates");
        assertThatThrownBy(() -> ZenTask.builder("t-1", "T").labels("two words").build())
                .hasMessageContaining("white space");
    }

    @Test
    void anExtraFieldMayNotShadowAStandardField() {
        assertThatThrownBy(() -> ZenTask.builder("t-1", "T").extraField("status", "Done").build())
                .hasMessageContaining("clashes");
    }

    @Test
    void tasksWithEqualValuesAreEqual() {
        ZenTask a = ZenTask.builder("t-1", "T").status("To Do").labels("x").build();
        ZenTask b = ZenTask.builder("t-1", "T").status("To Do").labels("x").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.toBuilder().status("Done").build());
    }

    @Test
    void aNegativeVersionIsRefused() {
        assertThatThrownBy(() -> ZenTask.builder("t-1", "T").version(-1).build())
                .hasMessageContaining("version");
    }
}

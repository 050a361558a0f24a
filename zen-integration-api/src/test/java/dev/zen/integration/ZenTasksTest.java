package dev.zen.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ZenTasksTest {

    @Test
    void canonicalLabelsIgnoreOrder() {
        assertThat(ZenTasks.canonicalLabels(List.of("b", "a"))).isEqualTo(ZenTasks.canonicalLabels(List.of("a", "b")));
    }

    @Test
    void aNullValueClearsAFieldButNeverTheTitle() {
        ZenTask task = ZenTask.builder("t-1", "Title").status("Done").build();
        Map<String, @Nullable String> changes = new HashMap<>();
        changes.put("status", null);
        changes.put("title", null);

        ZenTask changed = ZenTasks.withFields(task, changes);

        assertThat(changed.status()).isNull();
        assertThat(changed.title()).isEqualTo("Title");
    }

    @Property
    void applyingATasksCanonicalFieldsToAnyTaskWithTheSameIdReproducesItsFields(
            @ForAll("tasks") ZenTask task) {
        ZenTask blank = ZenTask.builder(task.id(), "placeholder").build();

        ZenTask rebuilt = ZenTasks.withFields(blank, ZenTasks.canonicalFields(task));

        assertThat(ZenTasks.canonicalFields(rebuilt)).isEqualTo(ZenTasks.canonicalFields(task));
    }

    @Provide
    Arbitrary<ZenTask> tasks() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank());
        Arbitrary<String> optional = text.injectNull(0.3);
        Arbitrary<List<String>> labels = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
                .list().uniqueElements().ofMaxSize(4);
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
                        .filter(k -> !ZenTask.STANDARD_FIELDS.contains(k)),
                text).ofMaxSize(3);
        return Combinators.combine(text, optional, optional, optional, labels, extra)
                .as((title, description, status, assignee, l, e) -> ZenTask.builder("t-1", title)
                        .description(description).status(status).assignee(assignee).labels(l).extraFields(e)
                        .build());
    }
}

package io.kelp.testkit.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownSectionsTest {

    @Test
    void replacesOnlyItsOwnSectionAndKeepsTheTextAround() {
        String doc = MarkdownSections.replace("# Title\n\nintro\n", "a", "old a");
        doc = MarkdownSections.replace(doc, "b", "old b");
        doc = doc + "\nclosing words\n";
        String updated = MarkdownSections.replace(doc, "a", "new a");
        assertThat(updated).contains("# Title\n\nintro\n", "new a", "old b", "closing words").doesNotContain("old a");
        assertThat(MarkdownSections.replace(updated, "a", "new a")).isEqualTo(updated);
    }

    @Test
    void appendsTheSectionWhenTheMarkersAreMissing() {
        assertThat(MarkdownSections.replace("text", "x", "body"))
                .isEqualTo("text\n\n<!-- BEGIN x (generated, do not edit by hand) -->\nbody\n<!-- END x -->\n");
    }
}

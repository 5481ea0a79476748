package io.kelp.e2e.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.kelp.e2e.helm.RenderedChart.CHART;
import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operating.md carries the configuration reference rendered from the generated CRD. When the
 * CRD changes this test fails; regenerate the section with
 * {@code ./mvnw -B -o -pl e2e test -Dtest=OperatingDocsTest -Dkelp.docs.update=true}.
 */
class OperatingDocsTest {

    static final Path DOCS = REPOSITORY.resolve("docs/operating.md");
    static final String BEGIN = "<!-- BEGIN GENERATED: CRD reference (OperatingDocsTest, from helm/kelp/crds) -->\n";
    static final String END = "<!-- END GENERATED -->";

    @Test
    void crdReferenceInOperatingGuideMatchesTheGeneratedCrd() throws IOException {
        String expected = expectedReference();
        String docs = Files.readString(DOCS);
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin).as("docs/operating.md has the generated section markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String actual = docs.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("kelp.docs.update") && !actual.equals(expected)) {
            Files.writeString(DOCS, docs.substring(0, begin + BEGIN.length()) + expected + docs.substring(end));
            actual = expected;
        }
        assertThat(actual).as("docs/operating.md is stale: rerun with -Dkelp.docs.update=true").isEqualTo(expected);
    }

    @Test
    void referenceShowsDefaultsValidationsAndDescriptions() throws IOException {
        String reference = expectedReference();
        assertThat(reference).contains("| `spec.deletionPolicy` | string | `\"Retain\"` | one of Delete, Retain |");
        assertThat(reference).contains("spec.elasticsearch.extraMappings: types must be");
        assertThat(reference).contains("| Ready | string |");
    }

    @Test
    void guideDocumentsEveryTopLevelValue() throws IOException {
        String docs = Files.readString(DOCS);
        for (String key : new String[] {"image.", "kafka.", "etcd.", "elasticsearch.", "operator.", "transfer.",
                "agent.", "monitoring."}) {
            assertThat(docs).contains("`" + key);
        }
    }

    private static String expectedReference() throws IOException {
        StringBuilder reference = new StringBuilder();
        try (var crds = Files.list(CHART.resolve("crds"))) {
            for (Path crd : crds.sorted().toList()) {
                reference.append(CrdReference.render(crd));
            }
        }
        return reference.toString();
    }
}

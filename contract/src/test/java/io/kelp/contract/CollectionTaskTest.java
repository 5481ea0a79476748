package io.kelp.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionTaskTest {

    private final CollectionRef ref = new CollectionRef("shop", "web");

    @Test
    void roundTripsThroughJson() throws Exception {
        CollectionTask task = new CollectionTask(ref, 7,
                CollectionTask.Source.of(List.of("shop"), Map.of("app", "web"), List.of("nginx")),
                new CollectionTask.Parse(LogFormat.DOCKER_JSON), CollectionTask.Sink.of(ref));
        assertThat(CollectionTask.fromJson(task.toJson())).isEqualTo(task);
        assertThat(new String(task.toJson(), StandardCharsets.UTF_8)).contains("\"format\":\"docker-json\"");
    }

    @Test
    void fillsDefaultsAndIgnoresFieldsFromNewerOperators() throws Exception {
        String json = "{\"collection\":{\"namespace\":\"shop\",\"name\":\"web\"},\"generation\":1,\"future\":true}";
        CollectionTask task = CollectionTask.fromJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(task.source().namespaces()).containsExactly("shop");
        assertThat(task.parse().format()).isEqualTo(LogFormat.CRI);
        assertThat(task.sink().topic()).isEqualTo("kelp.shop.web");
    }

    @Test
    void malformedValueIsAnInvalidTaskNotACrash() {
        assertThatThrownBy(() -> CollectionTask.fromJson("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CollectionTask.InvalidTaskException.class);
        assertThatThrownBy(() -> CollectionTask.fromJson("{\"collection\":{\"namespace\":\"A\",\"name\":\"b\"}}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CollectionTask.InvalidTaskException.class).hasMessageContaining("DNS-1123");
    }

    @Test
    void sourceSelectsByNamespaceLabelsAndContainer() {
        CollectionTask.Source source = CollectionTask.Source.of(List.of("shop"), Map.of("app", "web"), List.of("nginx"));
        assertThat(source.selects("shop", Map.of("app", "web", "x", "y"), "nginx")).isTrue();
        assertThat(source.selects("other", Map.of("app", "web"), "nginx")).isFalse();
        assertThat(source.selects("shop", Map.of("app", "db"), "nginx")).isFalse();
        assertThat(source.selects("shop", Map.of("app", "web"), "sidecar")).isFalse();
    }

    @Test
    void recordIdIsStableAndOrdersByNothingButIdentity() {
        assertThat(RecordId.of(0xabcL, 255)).isEqualTo("0000000000000abc-ff");
        assertThat(RecordId.of(-1L, 0)).isEqualTo("ffffffffffffffff-0");
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostFilesMultilineAndJsonFieldsRoundTripInTheWireFormAgentsAlreadyRead() throws Exception {
        CollectionRef cluster = CollectionRef.cluster("nodes");
        CollectionTask task = new CollectionTask(cluster, 2,
                new CollectionTask.Source(List.of("shop", "pay"), Map.of(), List.of(),
                        List.of("/var/log/syslog", "/var/log/app/*.log"), Map.of("role", "db")),
                new CollectionTask.Parse(LogFormat.PLAIN, new CollectionTask.Multiline("^\\S", 300L), true),
                CollectionTask.Sink.of(cluster));
        String json = new String(task.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"hostPaths\":[\"/var/log/syslog\",\"/var/log/app/*.log\"]")
                .contains("\"hostLabels\":{\"role\":\"db\"}")
                .contains("\"multiline\":{\"startPattern\":\"^\\\\S\",\"maxWaitMillis\":300}")
                .contains("\"jsonFields\":true");
        assertThat(CollectionTask.fromJson(task.toJson())).isEqualTo(task);
    }

    @Test
    void absentNewFieldsAreLeftOutOfTheValueAndDefaultWhenRead() throws Exception {
        CollectionTask task = new CollectionTask(ref, 1, null, null, null);
        String json = new String(task.toJson(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("hostPaths").doesNotContain("hostLabels").doesNotContain("multiline")
                .doesNotContain("jsonFields");
        CollectionTask read = CollectionTask.fromJson(utf8(
                "{\"collection\":{\"namespace\":\"shop\",\"name\":\"web\"},"
                        + "\"parse\":{\"multiline\":{\"startPattern\":\"^\\\\d\"}}}"));
        assertThat(read.parse().multiline().maxWaitMillis()).isEqualTo(CollectionTask.Multiline.DEFAULT_MAX_WAIT_MILLIS);
        assertThat(read.parse().jsonFields()).isFalse();
        assertThat(read.source().hostPaths()).isEmpty();
    }

    @Test
    void relativeHostPathIsAnInvalidTaskNamingTheField() {
        assertThatThrownBy(() -> CollectionTask.fromJson(utf8("{\"collection\":{\"namespace\":\"_cluster\",\"name\":\"n\"},"
                + "\"source\":{\"hostPaths\":[\"var/log/*.log\"]}}")))
                .isInstanceOf(CollectionTask.InvalidTaskException.class)
                .hasMessageContaining("source.hostPaths").hasMessageContaining("var/log/*.log");
    }

    @Test
    void badMultilinePatternOrWaitIsAnInvalidTaskNamingTheField() {
        assertThatThrownBy(() -> CollectionTask.fromJson(utf8("{\"collection\":{\"namespace\":\"shop\",\"name\":\"web\"},"
                + "\"parse\":{\"multiline\":{\"startPattern\":\"(\"}}}")))
                .isInstanceOf(CollectionTask.InvalidTaskException.class)
                .hasMessageContaining("parse.multiline.startPattern");
        assertThatThrownBy(() -> CollectionTask.fromJson(utf8("{\"collection\":{\"namespace\":\"shop\",\"name\":\"web\"},"
                + "\"parse\":{\"multiline\":{\"startPattern\":\"^x\",\"maxWaitMillis\":0}}}")))
                .isInstanceOf(CollectionTask.InvalidTaskException.class)
                .hasMessageContaining("parse.multiline.maxWaitMillis");
        assertThatThrownBy(() -> new CollectionTask(ref, 1, null,
                new CollectionTask.Parse(LogFormat.CRI, new CollectionTask.Multiline(null, null), false), null).validate())
                .isInstanceOf(CollectionTask.InvalidTaskException.class)
                .hasMessageContaining("parse.multiline.startPattern is required");
    }

    @Test
    void hostSelectionNeedsHostPathsAndEveryHostLabel() {
        CollectionTask.Source source = new CollectionTask.Source(List.of(), Map.of(), List.of(),
                List.of("/var/log/*.log"), Map.of("role", "db"));
        assertThat(source.selectsHost(Map.of("role", "db", "zone", "a"))).isTrue();
        assertThat(source.selectsHost(Map.of("role", "web"))).isFalse();
        assertThat(CollectionTask.Source.of(List.of("shop"), Map.of(), List.of()).selectsHost(Map.of())).isFalse();
    }

    @Test
    void clusterTaskWithoutSourceSelectsNoNamespace() {
        assertThat(new CollectionTask(CollectionRef.cluster("nodes"), 1, null, null, null).source().namespaces()).isEmpty();
    }
}

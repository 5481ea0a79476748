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
}

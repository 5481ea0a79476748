package io.kelp.operator.status;

import io.kelp.api.v1alpha1.LogCollectionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPatchTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final PartResult TOPIC = PartResult.ready(ConditionType.TOPIC_READY, "topic t has 1 partitions");
    private static final PartResult KAFKA_DOWN = PartResult.failed(ConditionType.TOPIC_READY, Reason.KafkaUnavailable, "down", true);

    @Test
    void aFirstWriteIsAMergePatchOfReconcilesFieldsOnly() {
        LogCollectionStatus measuredOnly = new LogCollectionStatus();
        measuredOnly.setAgents(2);
        measuredOnly.setLag(10L);
        LogCollectionStatus next = new StatusComposer(measuredOnly, 1, NOW).afterReconcile(List.of(TOPIC), "t", "p");

        StatusPatch.Patch patch = StatusPatch.between(measuredOnly, next);

        assertThat(patch.merge()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) ((Map<String, Object>) patch.body()).get("status");
        assertThat(status).containsOnlyKeys("observedGeneration", "conditions", "topic", "indexPattern");
    }

    @Test
    void laterWritesSetOnlyChangedOwnedFieldsAndReplaceTheConditionsWhole() {
        LogCollectionStatus failing = new StatusComposer(null, 1, NOW).afterReconcile(List.of(KAFKA_DOWN), "t", "p");
        failing.setAgents(3);
        failing.setLinesPerSecond("120");
        LogCollectionStatus ready = new StatusComposer(failing, 1, NOW).afterReconcile(List.of(TOPIC), "t", "p");

        StatusPatch.Patch patch = StatusPatch.between(failing, ready);

        assertThat(patch.merge()).isFalse();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ops = (List<Map<String, Object>>) patch.body();
        assertThat(ops).extracting(op -> op.get("op") + " " + op.get("path"))
                .containsExactly("add /status/conditions", "remove /status/lastError");
        assertThat(ops.get(0).get("value")).isEqualTo(ready.getConditions());
    }

    @Test
    void measuredFieldsAreNeverInThePatch() {
        LogCollectionStatus stored = new StatusComposer(null, 1, NOW).afterReconcile(List.of(TOPIC), "t", "p");
        LogCollectionStatus next = new StatusComposer(stored, 2, NOW).afterReconcile(List.of(TOPIC), "t", "p");
        next.setAgents(7);
        next.setLag(99L);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ops = (List<Map<String, Object>>) StatusPatch.between(stored, next).body();

        assertThat(ops).extracting(op -> op.get("path"))
                .containsExactly("/status/observedGeneration", "/status/conditions");
    }
}

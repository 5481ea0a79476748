package io.kelp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

    private static final List<PartResult> ALL_READY = List.of(
            PartResult.ready(ConditionType.TASK_PUBLISHED, "task up to date"),
            PartResult.ready(ConditionType.TOPIC_READY, "topic has 3 partitions"),
            PartResult.ready(ConditionType.INDEX_TEMPLATE_READY, "index template up to date"));

    private static final List<PartResult> TOPIC_DOWN = List.of(
            PartResult.failed(ConditionType.TASK_PUBLISHED, Reason.WaitingForDependencies, "waiting", false),
            PartResult.failed(ConditionType.TOPIC_READY, Reason.KafkaUnavailable, "Kafka did not answer", true),
            PartResult.ready(ConditionType.INDEX_TEMPLATE_READY, "index template up to date"));

    @Test
    void readyOnlyWhenEveryPartIsReady() {
        LogCollectionStatus ok = new StatusComposer(null, 1, T0).afterReconcile(ALL_READY, "kelp.a.b", "kelp-a_b_*");
        LogCollectionStatus down = new StatusComposer(null, 1, T0).afterReconcile(TOPIC_DOWN, "kelp.a.b", "kelp-a_b_*");

        assertThat(condition(ok, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(down, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(down, "Ready").getReason()).isEqualTo("PartNotReady");
        assertThat(condition(down, "Ready").getMessage()).contains("TopicReady: Kafka did not answer");
        assertThat(condition(down, "TopicReady").getReason()).isEqualTo("KafkaUnavailable");
        assertThat(down.getObservedGeneration()).isEqualTo(1);
        assertThat(down.getTopic()).isEqualTo("kelp.a.b");
    }

    @Test
    void resyncWithNothingChangedProducesNoDiff() {
        LogCollectionStatus first = new StatusComposer(null, 4, T0).afterReconcile(ALL_READY, "t", "p");
        LogCollectionStatus resync = new StatusComposer(first, 4, T1).afterReconcile(ALL_READY, "t", "p");

        assertThat(StatusDiff.differs(first, resync)).isFalse();
        assertThat(condition(resync, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void transitionTimeMovesOnlyWhenTheConditionStatusChanges() {
        LogCollectionStatus first = new StatusComposer(null, 1, T0).afterReconcile(ALL_READY, "t", "p");
        LogCollectionStatus broken = new StatusComposer(first, 1, T1).afterReconcile(TOPIC_DOWN, "t", "p");

        assertThat(condition(broken, "TopicReady").getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(condition(broken, "IndexTemplateReady").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void diffIgnoresTransitionTimeAndConditionOrderButSeesEverythingElse() {
        LogCollectionStatus a = new StatusComposer(null, 1, T0).afterReconcile(ALL_READY, "t", "p");
        LogCollectionStatus b = new StatusComposer(null, 1, T1).afterReconcile(ALL_READY, "t", "p");
        List<Condition> reordered = new java.util.ArrayList<>(b.getConditions());
        java.util.Collections.reverse(reordered);
        b.setConditions(reordered);
        LogCollectionStatus newerGeneration = new StatusComposer(a, 2, T1).afterReconcile(ALL_READY, "t", "p");
        LogCollectionStatus otherMessage = new StatusComposer(a, 1, T1).afterReconcile(List.of(
                PartResult.ready(ConditionType.TASK_PUBLISHED, "task published"),
                ALL_READY.get(1), ALL_READY.get(2)), "t", "p");

        assertThat(StatusDiff.differs(a, b)).isFalse();
        assertThat(StatusDiff.differs(a, newerGeneration)).isTrue();
        assertThat(StatusDiff.differs(a, otherMessage)).isTrue();
        assertThat(StatusDiff.differs(null, a)).isTrue();
    }

    @Test
    void invalidSpecKeepsPartConditionsAndNamesTheFields() {
        LogCollectionStatus applied = new StatusComposer(null, 1, T0).afterReconcile(ALL_READY, "t", "p");
        LogCollectionStatus invalid = new StatusComposer(applied, 2, T1)
                .afterInvalidSpec(List.of("spec.kafka.partitions: must be between 1 and 1000, got 0"));

        assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(invalid, "Ready").getMessage()).contains("spec.kafka.partitions");
        assertThat(condition(invalid, "TopicReady").getStatus()).isEqualTo("True");
        assertThat(invalid.getObservedGeneration()).isEqualTo(2);
    }

    static Condition condition(LogCollectionStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void lastErrorNamesTheFailingPartAndClearsWhenReady() {
        LogCollectionStatus broken = new StatusComposer(null, 1, T0).afterReconcile(TOPIC_DOWN, "t", "p");
        LogCollectionStatus healed = new StatusComposer(broken, 1, T1).afterReconcile(ALL_READY, "t", "p");

        assertThat(broken.getLastError()).contains("TopicReady: Kafka did not answer");
        assertThat(healed.getLastError()).isNull();
    }

    @Test
    void measuredLagAndReplicasSurviveAReconcileUntouched() {
        LogCollectionStatus measured = new StatusComposer(null, 1, T0).afterReconcile(ALL_READY, "t", "p");
        measured.setLag(1234L);
        measured.setTransferReplicas(3);

        LogCollectionStatus next = new StatusComposer(measured, 1, T1).afterReconcile(ALL_READY, "t", "p");

        assertThat(next.getLag()).isEqualTo(1234L);
        assertThat(next.getTransferReplicas()).isEqualTo(3);
        assertThat(StatusDiff.differs(measured, next)).isFalse();
    }
}

package io.kelp.operator.status;

import io.kelp.api.v1alpha1.LogCollectionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final PartResult TOPIC_CREATED = PartResult.ready(ConditionType.TOPIC_READY, "topic t has 3 partitions", true);
    private static final PartResult TOPIC_UNCHANGED = PartResult.ready(ConditionType.TOPIC_READY, "topic t has 3 partitions", false);
    private static final PartResult KAFKA_DOWN = PartResult.failed(ConditionType.TOPIC_READY, Reason.KafkaUnavailable, "no answer", true);
    private static final PartResult WAITING = PartResult.failed(ConditionType.TASK_PUBLISHED, Reason.WaitingForDependencies, "waiting", false);

    @Test
    void aPartThatChangedSomethingGetsANormalEvent() {
        assertThat(EventPlan.of(null, List.of(TOPIC_CREATED)))
                .containsExactly(new EventPlan.Event(false, "TopicReady", "topic t has 3 partitions"));
    }

    @Test
    void aReconcileThatChangedSeveralPartsRecordsOneEventNamingEach() {
        PartResult templateCreated = PartResult.ready(ConditionType.INDEX_TEMPLATE_READY, "index template x applies to p", true);
        PartResult taskPublished = PartResult.ready(ConditionType.TASK_PUBLISHED, "generation 1 published at k", true);

        assertThat(EventPlan.of(null, List.of(taskPublished, TOPIC_CREATED, templateCreated, TOPIC_UNCHANGED)))
                .containsExactly(new EventPlan.Event(false, "Applied", "TaskPublished: generation 1 published at k; "
                        + "TopicReady: topic t has 3 partitions; IndexTemplateReady: index template x applies to p"));
    }

    @Test
    void aResyncThatChangedNothingRecordsNothing() {
        assertThat(EventPlan.of(null, List.of(TOPIC_UNCHANGED))).isEmpty();
    }

    @Test
    void aNewFailureIsAWarningButTheSameFailureRetriedIsNot() {
        LogCollectionStatus failing = new StatusComposer(null, 1, NOW).afterReconcile(List.of(KAFKA_DOWN, WAITING), "t", "p");

        assertThat(EventPlan.of(null, List.of(KAFKA_DOWN, WAITING)))
                .containsExactly(new EventPlan.Event(true, "KafkaUnavailable", "TopicReady: no answer"));
        assertThat(EventPlan.of(failing, List.of(KAFKA_DOWN, WAITING))).isEmpty();
    }

    @Test
    void anInvalidSpecIsReportedOncePerDistinctProblem() {
        List<String> problems = List.of("spec.kafka.partitions: must be between 1 and 1000, got 0");
        LogCollectionStatus refused = new StatusComposer(null, 2, NOW).afterInvalidSpec(problems);

        assertThat(EventPlan.ofInvalidSpec(null, problems)).singleElement()
                .satisfies(e -> assertThat(e.warning()).isTrue())
                .satisfies(e -> assertThat(e.message()).contains("spec.kafka.partitions"));
        assertThat(EventPlan.ofInvalidSpec(refused, problems)).isEmpty();
        assertThat(EventPlan.ofInvalidSpec(refused, List.of("spec.elasticsearch.shards: bad"))).hasSize(1);
    }
}

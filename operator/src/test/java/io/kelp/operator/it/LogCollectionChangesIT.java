package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.Event;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kelp.operator.it.LogCollectionReconcilerIT.collection;
import static io.kelp.operator.it.LogCollectionReconcilerIT.create;
import static org.assertj.core.api.Assertions.assertThat;

/** Spec changes, refusals and isolation between collections, against real Kafka, etcd and Elasticsearch. */
@QuarkusTest
@WithTestResource(RealServers.class)
class LogCollectionChangesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @Test
    void morePartitionsGrowTheTopicAndFewerAreRefusedWithACondition() throws Exception {
        LogCollection grow = collection("it-grow", "web");
        grow.getSpec().getKafka().setPartitions(2);
        create(grow);
        awaitCondition("it-grow", "web", "Ready", "True", "Ready");

        edit("it-grow", "web", c -> c.getSpec().getKafka().setPartitions(5));
        Eventually.within(WAIT, () -> assertThat(partitions("kelp.it-grow.web")).isEqualTo(5));
        awaitCondition("it-grow", "web", "Ready", "True", "Ready");

        edit("it-grow", "web", c -> c.getSpec().getKafka().setPartitions(3));
        awaitCondition("it-grow", "web", "TopicReady", "False", "PartitionDecreaseRefused");
        assertThat(Probes.condition("it-grow", "web", "TopicReady").orElseThrow().getMessage())
                .contains("spec.kafka.partitions is 3").contains("has 5");
        assertThat(Probes.condition("it-grow", "web", "Ready").orElseThrow().getStatus()).isEqualTo("False");
        assertThat(partitions("kelp.it-grow.web")).isEqualTo(5);
        Eventually.within(WAIT, () -> assertThat(eventReasons("it-grow")).contains("PartitionDecreaseRefused"));
    }

    @Test
    void invalidSpecIsRefusedNamingTheField() {
        LogCollection bad = collection("it-invalid", "web");
        bad.getSpec().getElasticsearch().setShards(0);
        create(bad);

        awaitCondition("it-invalid", "web", "Ready", "False", "InvalidSpec");
        assertThat(Probes.condition("it-invalid", "web", "Ready").orElseThrow().getMessage())
                .contains("spec.elasticsearch.shards: must be between 1 and 64, got 0");
        Eventually.within(WAIT, () -> assertThat(eventReasons("it-invalid")).contains("InvalidSpec"));
        // A refused spec throws nothing, so only this gauge lets an alert see it.
        assertThat(Probes.readiness(registry, "it-invalid", "web")).contains(0.0);
    }

    @Test
    void aCollectionKafkaRefusesDoesNotKeepAGoodOneFromBecomingReady() {
        LogCollection refused = collection("it-isolation", "too-many-replicas");
        refused.getSpec().getKafka().setReplicationFactor(3); // the test broker is alone
        create(refused);
        create(collection("it-isolation", "good"));

        awaitCondition("it-isolation", "good", "Ready", "True", "Ready");
        awaitCondition("it-isolation", "too-many-replicas", "TopicReady", "False", "KafkaRejected");
        assertThat(Probes.condition("it-isolation", "too-many-replicas", "TaskPublished").orElseThrow().getReason())
                .isEqualTo("WaitingForDependencies");
        assertThat(Probes.readiness(registry, "it-isolation", "good")).contains(1.0);
        assertThat(Probes.readiness(registry, "it-isolation", "too-many-replicas")).contains(0.0);
    }

    @Test
    void whatTheOperatorDidIsRecordedAsEvents() {
        create(collection("it-events", "web"));
        awaitCondition("it-events", "web", "Ready", "True", "Ready");

        // One event per reconcile names every part it wrote (usually all in the first one).
        Eventually.within(WAIT, () -> assertThat(String.join("\n", normalEvents("it-events")))
                .contains("topic kelp.it-events.web", "index template kelp-it-events_web", "generation 1 published"));
    }

    private static void awaitCondition(String namespace, String name, String type, String status, String reason) {
        Eventually.within(WAIT, () -> assertThat(Probes.condition(namespace, name, type)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).as(c.getMessage()).isEqualTo(status);
            assertThat(c.getReason()).as(c.getMessage()).isEqualTo(reason);
        }));
    }

    /** Edits the spec as a user would, retrying when the operator's status write got in between. */
    private static void edit(String namespace, String name, java.util.function.Consumer<LogCollection> change) {
        Eventually.within(WAIT, () -> KelpServers.kubernetes().client().resources(LogCollection.class)
                .inNamespace(namespace).withName(name)
                .edit(c -> {
                    change.accept(c);
                    return c;
                }));
    }

    private static int partitions(String topic) {
        try {
            return Probes.topic(topic).orElseThrow().partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> normalEvents(String namespace) {
        return KelpServers.kubernetes().client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Normal".equals(e.getType())).map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    private static List<String> eventReasons(String namespace) {
        return KelpServers.kubernetes().client().v1().events().inNamespace(namespace).list().getItems().stream()
                .map(Event::getReason).toList();
    }
}

package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.autoscale.ScalingPolicy;
import io.kelp.operator.reconcile.CollectionReadiness;
import io.kelp.operator.reconcile.RetentionSweep;
import io.kelp.operator.transfer.TransferAutoscaler;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator in Quarkus against the mock API and real etcd, Kafka and Elasticsearch. */
@QuarkusTest
@WithTestResource(RealServers.class)
class LogCollectionReconcilerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @Inject
    CollectionReadiness readiness;

    @Inject
    AgentStatusUpdater agentStatus;

    @Inject
    RetentionSweep retention;

    @Inject
    TransferAutoscaler autoscaler;

    @Test
    void newCollectionBecomesReadyWithTaskTopicAndIndexTemplate() throws Exception {
        LogCollection web = collection("it-ready", "web");
        web.getSpec().getSelector().setMatchLabels(Map.of("app", "web"));
        web.getSpec().getKafka().setPartitions(4);
        create(web);
        CollectionRef ref = new CollectionRef("it-ready", "web");

        Eventually.within(WAIT, () -> assertThat(Probes.condition("it-ready", "web", "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));

        CollectionTask task = Probes.task(ref).orElseThrow();
        assertThat(task.source().namespaces()).containsExactly("it-ready");
        assertThat(task.source().matchLabels()).containsEntry("app", "web");
        assertThat(task.sink().topic()).isEqualTo("kelp.it-ready.web");
        assertThat(Probes.topic("kelp.it-ready.web")).hasValueSatisfying(
                t -> assertThat(t.partitions()).hasSize(4));
        assertThat(Probes.indexTemplateExists("kelp-it-ready_web")).isTrue();
        LogCollection stored = Probes.read("it-ready", "web");
        assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getStatus().getTopic()).isEqualTo("kelp.it-ready.web");
        assertThat(stored.getStatus().getIndexPattern()).isEqualTo("kelp-it-ready_web_*");
        assertThat(Probes.readiness(registry, "it-ready", "web")).contains(1.0);
    }

    @Test
    void deletingACollectionWithdrawsItsTask() throws Exception {
        create(collection("it-delete", "gone"));
        CollectionRef ref = new CollectionRef("it-delete", "gone");
        Eventually.within(WAIT, () -> assertThat(taskOf(ref)).isTrue());
        Eventually.within(WAIT, () -> assertThat(Probes.readiness(registry, "it-delete", "gone")).isPresent());

        KelpServers.kubernetes().client().resources(LogCollection.class)
                .inNamespace("it-delete").withName("gone").delete();

        Eventually.within(WAIT, () -> assertThat(taskOf(ref)).isFalse());
        Eventually.within(WAIT, () -> assertThat(Probes.read("it-delete", "gone")).isNull());
        assertThat(Probes.readiness(registry, "it-delete", "gone")).as("a deleted collection is not reported").isEmpty();
    }

    @Test
    void whatWasKeptForACollectionDeletedWithoutCleanupIsDropped() {
        create(collection("it-orphan", "live"));
        CollectionRef live = new CollectionRef("it-orphan", "live");
        Eventually.within(WAIT, () -> assertThat(Probes.readiness(registry, "it-orphan", "live")).isPresent());
        // As reconcile left it for a collection whose finalizer was removed before its deletion:
        // the cleanup that forgets it never runs, and the informer cache no longer has it.
        CollectionRef gone = new CollectionRef("it-orphan", "gone");
        readiness.recorded(collection("it-orphan", "gone"), false);
        agentStatus.track(gone, null, null);
        retention.track(gone, collection("it-orphan", "gone"), 7);
        autoscaler.track(gone, "uid", ScalingPolicy.DEFAULT, 1, 1, null, null);

        Eventually.within(WAIT, () -> {
            assertThat(Probes.readiness(registry, "it-orphan", "gone")).isEmpty();
            assertThat(agentStatus.trackedCollections()).doesNotContain(gone);
            assertThat(retention.trackedCollections()).doesNotContain(gone);
            assertThat(autoscaler.trackedCollections()).doesNotContain(gone);
        });
        assertThat(Probes.readiness(registry, "it-orphan", "live")).isPresent();
        assertThat(agentStatus.trackedCollections()).contains(live);
    }

    static LogCollection collection(String namespace, String name) {
        LogCollection collection = new LogCollection();
        collection.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return collection;
    }

    static void create(LogCollection collection) {
        KelpServers.kubernetes().client().resource(collection).create();
    }

    private static boolean taskOf(CollectionRef ref) {
        try {
            return Probes.task(ref).isPresent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

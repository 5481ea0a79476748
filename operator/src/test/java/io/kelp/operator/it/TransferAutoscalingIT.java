package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kelp.operator.it.LogCollectionReconcilerIT.collection;
import static io.kelp.operator.it.LogCollectionReconcilerIT.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transfer Deployment scales on real consumer lag (lag read every second, see RealServers;
 * 10 records per replica and an 8 s scale-down window in the spec).
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class TransferAutoscalingIT {

    private static final String NS = "it-scale";

    @Test
    void replicasRiseWithinSecondsOfLagCappedByPartitionsAndFallOnlyAfterTheWindow() throws Exception {
        LogCollection web = collection(NS, "web");
        web.getSpec().getKafka().setPartitions(2);
        web.getSpec().getTransfer().setTargetLagPerReplica(10L);
        web.getSpec().getTransfer().setMaxReplicas(3);
        web.getSpec().getTransfer().setScaleDownStabilizationSeconds(8);
        create(web);
        CollectionRef ref = new CollectionRef(NS, "web");
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(replicas()).isEqualTo(1));

        produce(ref.topic(), 200); // lag 200 asks for 20 replicas: max is 3, partitions 2
        long producedAt = System.nanoTime();
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(replicas()).isEqualTo(2));
        assertThat(Duration.ofNanos(System.nanoTime() - producedAt)).isLessThan(Duration.ofSeconds(10));
        Eventually.within(Duration.ofSeconds(10), () -> {
            LogCollection status = Probes.read(NS, "web");
            assertThat(status.getStatus().getTransferReplicas()).isEqualTo(2);
            assertThat(status.getStatus().getLag()).isEqualTo(200L);
        });

        drain(ref);
        long drainedAt = System.nanoTime();
        Thread.sleep(4_000);
        assertThat(replicas()).as("still inside the 8 s window").isEqualTo(2);
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(replicas()).isEqualTo(1));
        assertThat(Duration.ofNanos(System.nanoTime() - drainedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void transferDeploymentRunsTheCollectionsConsumerGroup() {
        create(collection(NS, "api"));
        Eventually.within(Duration.ofSeconds(30), () -> assertThat(deployment("kelp-transfer-api")).isNotNull());

        Deployment deployment = deployment("kelp-transfer-api");
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("LogCollection"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("KELP_TRANSFER_COLLECTION");
                    assertThat(e.getValue()).isEqualTo(NS + "/api");
                });
    }

    private static int replicas() {
        Deployment deployment = deployment("kelp-transfer-web");
        assertThat(deployment).isNotNull();
        return deployment.getSpec().getReplicas();
    }

    private static Deployment deployment(String name) {
        return KelpServers.kubernetes().client().apps().deployments().inNamespace(NS).withName(name).get();
    }

    private static void produce(String topic, int records) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KelpServers.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "{\"message\":\"line " + i + "\"}"));
            }
            producer.flush();
        }
    }

    /** Commits the group's offsets at the end of every partition, as a transfer that caught up would. */
    private static void drain(CollectionRef ref) throws Exception {
        var admin = KelpServers.kafka().admin();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            latest.put(new TopicPartition(ref.topic(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(ref.consumerGroup(), ends).all().get(10, TimeUnit.SECONDS);
    }
}

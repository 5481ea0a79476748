package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.ParseSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.LogFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredStateTest {

    @Test
    void taskSelectsOnlyPodsOfTheCollectionsOwnNamespace() {
        LogCollection web = Collections.collection("shop", "web", 3);
        web.getSpec().getSelector().setMatchLabels(Map.of("app", "web"));
        web.getSpec().getSelector().setContainers(List.of("nginx"));

        CollectionTask task = DesiredState.of(web).task();

        assertThat(task.collection()).isEqualTo(new CollectionRef("shop", "web"));
        assertThat(task.generation()).isEqualTo(3);
        assertThat(task.source().namespaces()).containsExactly("shop");
        assertThat(task.source().matchLabels()).containsExactlyEntriesOf(Map.of("app", "web"));
        assertThat(task.source().containers()).containsExactly("nginx");
        assertThat(task.sink().topic()).isEqualTo("kelp.shop.web");
        assertThat(task.sink().indexPrefix()).isEqualTo("kelp-shop_web_");
    }

    @Test
    void taskCarriesTheParseFormatAsTheContractsWireName() throws Exception {
        LogCollection docker = Collections.collection("shop", "legacy", 1);
        docker.getSpec().getParse().setFormat(ParseSpec.Format.docker_json);

        CollectionTask task = DesiredState.of(docker).task();

        assertThat(task.parse().format()).isEqualTo(LogFormat.DOCKER_JSON);
        assertThat(new String(task.toJson())).contains("\"format\":\"docker-json\"");
        assertThat(CollectionTask.fromJson(task.toJson())).isEqualTo(task);
    }

    @Test
    void missingSpecSectionsFallBackToDocumentedDefaults() {
        LogCollection bare = Collections.collection("shop", "web", 1);
        bare.setSpec(null);

        DesiredState desired = DesiredState.of(bare);

        assertThat(desired.task().source().matchLabels()).isEmpty();
        assertThat(desired.task().parse().format()).isEqualTo(LogFormat.CRI);
        assertThat(desired.topic().partitions()).isEqualTo(3);
        assertThat(desired.topic().replicationFactor()).isEmpty();
    }

    @Test
    void topicTakesPartitionsAndReplicationFromTheSpec() {
        LogCollection web = Collections.collection("shop", "web", 1);
        web.getSpec().getKafka().setPartitions(12);
        web.getSpec().getKafka().setReplicationFactor(3);

        TopicSpec topic = DesiredState.of(web).topic();

        assertThat(topic.name()).isEqualTo("kelp.shop.web");
        assertThat(topic.partitions()).isEqualTo(12);
        assertThat(topic.replicationFactor()).isEqualTo(Optional.of(3));
    }

    @Test
    void sameSpecYieldsTheSameTaskBytesSoAResyncWritesNothing() {
        byte[] first = DesiredState.of(Collections.collection("shop", "web", 2)).task().toJson();
        byte[] second = DesiredState.of(Collections.collection("shop", "web", 2)).task().toJson();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void topicCarriesRetentionAndCompressionWithDocumentedDefaults() {
        LogCollection web = Collections.collection("shop", "web", 1);
        assertThat(DesiredState.of(web).topic().configs())
                .containsEntry("retention.ms", "86400000").containsEntry("compression.type", "producer");

        web.getSpec().getKafka().setRetentionMs(3_600_000L);
        web.getSpec().getKafka().setCompression("zstd");
        assertThat(DesiredState.of(web).topic().configs())
                .containsEntry("retention.ms", "3600000").containsEntry("compression.type", "zstd");
    }

    @Test
    void scalingPolicyComesFromSpecTransfer() {
        LogCollection web = Collections.collection("shop", "web", 1);
        web.getSpec().getTransfer().setMinReplicas(0);
        web.getSpec().getTransfer().setMaxReplicas(6);
        web.getSpec().getTransfer().setTargetLagPerReplica(500L);
        web.getSpec().getTransfer().setActivationLag(20L);
        web.getSpec().getTransfer().setScaleDownStabilizationSeconds(30);

        assertThat(SpecDefaults.scalingPolicy(web)).isEqualTo(
                new io.kelp.operator.autoscale.ScalingPolicy(0, 6, 500, 20, java.time.Duration.ofSeconds(30)));
    }
}

package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.LogCollection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecValidatorTest {

    @Test
    void defaultSpecIsValid() {
        assertThat(SpecValidator.problems(Collections.collection("shop", "web", 1))).isEmpty();
    }

    @Test
    void nameWithDotsIsRefusedBecauseDerivedNamesWouldNotSplitBack() {
        assertThat(SpecValidator.problems(Collections.collection("shop", "web.v2", 1)))
                .singleElement().asString().startsWith("metadata.name:");
    }

    @Test
    void everyOutOfRangeNumberIsNamedWithItsField() {
        LogCollection bad = Collections.collection("shop", "web", 1);
        bad.getSpec().getKafka().setPartitions(0);
        bad.getSpec().getKafka().setReplicationFactor(11);
        bad.getSpec().getElasticsearch().setShards(65);
        bad.getSpec().getElasticsearch().setReplicas(-1);

        assertThat(SpecValidator.problems(bad)).containsExactly(
                "spec.kafka.partitions: must be between 1 and 1000, got 0",
                "spec.kafka.replicationFactor: must be between 1 and 10, got 11",
                "spec.elasticsearch.shards: must be between 1 and 64, got 65",
                "spec.elasticsearch.replicas: must be between 0 and 5, got -1");
    }

    @Test
    void invalidSelectorEntriesAreNamed() {
        LogCollection bad = Collections.collection("shop", "web", 1);
        bad.getSpec().getSelector().setMatchLabels(Map.of("app", "has space"));
        bad.getSpec().getSelector().setContainers(List.of("Nginx_1"));

        assertThat(SpecValidator.problems(bad)).containsExactly(
                "spec.selector.matchLabels.app: 'has space' is not a valid label value (at most 63 characters: letters, digits, '-', '_', '.')",
                "spec.selector.containers: 'Nginx_1' is not a valid container name (DNS-1123 label)");
    }

    @Test
    void transferMinimumAboveMaximumIsRefused() {
        LogCollection bad = Collections.collection("shop", "web", 1);
        bad.getSpec().getTransfer().setMinReplicas(4);
        bad.getSpec().getTransfer().setMaxReplicas(2);

        assertThat(SpecValidator.problems(bad))
                .containsExactly("spec.transfer.minReplicas: 4 must not exceed spec.transfer.maxReplicas (2)");
    }

    @Test
    void extraMappingsMustUseAKnownTypeAndLeaveKelpsFieldsAlone() {
        LogCollection bad = Collections.collection("shop", "web", 1);
        bad.getSpec().getElasticsearch().setExtraMappings(Map.of(
                "http.status", "long", "kubernetes.pod", "keyword", "user", "object", "message", "keyword"));

        assertThat(SpecValidator.problems(bad)).containsExactly(
                "spec.elasticsearch.extraMappings.kubernetes.pod: overlaps a field Kelp writes itself",
                "spec.elasticsearch.extraMappings.message: overlaps a field Kelp writes itself",
                "spec.elasticsearch.extraMappings.user: type 'object' is not one of keyword, text, long, double, date, boolean, ip");
    }

    @Test
    void unknownCompressionAndTooShortRetentionAreRefused() {
        LogCollection bad = Collections.collection("shop", "web", 1);
        bad.getSpec().getKafka().setCompression("brotli");
        bad.getSpec().getKafka().setRetentionMs(1000L);
        bad.getSpec().getElasticsearch().setRetentionDays(0);

        assertThat(SpecValidator.problems(bad)).containsExactly(
                "spec.kafka.retentionMs: must be at least 60000 (one minute), got 1000",
                "spec.kafka.compression: 'brotli' is not one of producer, gzip, snappy, lz4, zstd, uncompressed",
                "spec.elasticsearch.retentionDays: must be between 1 and 3650, got 0");
    }
}

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
}

package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ElasticsearchSpec;
import io.kelp.api.v1alpha1.KafkaSpec;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionSpec;

/**
 * Fills in what the API server's defaulting would: a resource read from a mock API, or written
 * with {@code null} sections, still yields a complete desired state.
 */
final class SpecDefaults {

    static final int SHARDS = 1;
    static final int REPLICAS = 1;

    private SpecDefaults() {
    }

    static LogCollectionSpec spec(LogCollection collection) {
        return collection.getSpec() == null ? new LogCollectionSpec() : collection.getSpec();
    }

    static int partitions(LogCollection collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null || kafka.getPartitions() == null ? KafkaSpec.DEFAULT_PARTITIONS : kafka.getPartitions();
    }

    static Integer replicationFactor(LogCollection collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null ? null : kafka.getReplicationFactor();
    }

    static int shards(LogCollection collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getShards() == null ? SHARDS : es.getShards();
    }

    static int replicas(LogCollection collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getReplicas() == null ? REPLICAS : es.getReplicas();
    }
}

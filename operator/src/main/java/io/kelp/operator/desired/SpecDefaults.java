package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.DeletionPolicy;
import io.kelp.api.v1alpha1.ElasticsearchSpec;
import io.kelp.api.v1alpha1.KafkaSpec;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.CollectionSpec;
import io.kelp.api.v1alpha1.LogCollectionSpec;
import io.kelp.api.v1alpha1.TransferSpec;

import io.kelp.operator.autoscale.ScalingPolicy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Fills in what the API server's defaulting would: a resource read from a mock API, or written
 * with {@code null} sections, still yields a complete desired state.
 */
public final class SpecDefaults {

    static final int SHARDS = 1;
    static final int REPLICAS = 1;

    private SpecDefaults() {
    }

    static CollectionSpec spec(CollectionResource collection) {
        return collection.collectionSpec() == null ? new LogCollectionSpec() : collection.collectionSpec();
    }

    static int partitions(CollectionResource collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null || kafka.getPartitions() == null ? KafkaSpec.DEFAULT_PARTITIONS : kafka.getPartitions();
    }

    static Integer replicationFactor(CollectionResource collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null ? null : kafka.getReplicationFactor();
    }

    static int shards(CollectionResource collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getShards() == null ? SHARDS : es.getShards();
    }

    /** Topic retention when the spec leaves it unset: one day, as the CRD documents. */
    static final long RETENTION_MS = 86_400_000L;
    static final String COMPRESSION = "producer";

    /** Whether deleting the collection deletes its topic, template and indices (Delete policy). */
    public static boolean deletesDataOnDeletion(CollectionResource collection) {
        return spec(collection).getDeletionPolicy() == DeletionPolicy.Delete;
    }

    /** Days of daily indices to keep; empty when unset, which keeps every index. */
    public static OptionalInt retentionDays(CollectionResource collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getRetentionDays() == null ? OptionalInt.empty() : OptionalInt.of(es.getRetentionDays());
    }

    static Map<String, String> extraMappings(CollectionResource collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getExtraMappings() == null ? Map.of() : es.getExtraMappings();
    }

    static long retentionMs(CollectionResource collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null || kafka.getRetentionMs() == null ? RETENTION_MS : kafka.getRetentionMs();
    }

    static String compression(CollectionResource collection) {
        KafkaSpec kafka = spec(collection).getKafka();
        return kafka == null || kafka.getCompression() == null ? COMPRESSION : kafka.getCompression();
    }

    public static TransferSpec transfer(CollectionResource collection) {
        TransferSpec transfer = spec(collection).getTransfer();
        return transfer == null ? new TransferSpec() : transfer;
    }

    /** The transfer's scaling knobs, each falling back to the CRD's documented default. */
    public static ScalingPolicy scalingPolicy(CollectionResource collection) {
        TransferSpec transfer = transfer(collection);
        ScalingPolicy d = ScalingPolicy.DEFAULT;
        return new ScalingPolicy(
                transfer.getMinReplicas() == null ? d.minReplicas() : transfer.getMinReplicas(),
                transfer.getMaxReplicas() == null ? d.maxReplicas() : transfer.getMaxReplicas(),
                transfer.getTargetLagPerReplica() == null ? d.targetLagPerReplica() : transfer.getTargetLagPerReplica(),
                transfer.getActivationLag() == null ? d.activationLag() : transfer.getActivationLag(),
                transfer.getScaleDownStabilizationSeconds() == null ? d.scaleDownStabilization()
                        : Duration.ofSeconds(transfer.getScaleDownStabilizationSeconds()));
    }

    static int replicas(CollectionResource collection) {
        ElasticsearchSpec es = spec(collection).getElasticsearch();
        return es == null || es.getReplicas() == null ? REPLICAS : es.getReplicas();
    }
}

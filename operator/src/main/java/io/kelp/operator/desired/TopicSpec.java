package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.contract.CollectionRef;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kafka topic a collection needs.
 *
 * @param name              {@link CollectionRef#topic()}
 * @param partitions        wanted partition count; an existing topic may grow to it, never shrink
 * @param replicationFactor empty: the broker's {@code default.replication.factor}
 * @param configs           topic-level configs to set (only the keys Kelp manages)
 */
public record TopicSpec(String name, int partitions, Optional<Integer> replicationFactor, Map<String, String> configs) {

    /** Kafka's topic config keys, spelled out so this class needs no Kafka import. */
    public static final String RETENTION_MS = "retention.ms";
    public static final String COMPRESSION_TYPE = "compression.type";

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        replicationFactor = replicationFactor == null ? Optional.empty() : replicationFactor;
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public static TopicSpec of(CollectionRef ref, CollectionResource collection) {
        return new TopicSpec(ref.topic(), SpecDefaults.partitions(collection),
                Optional.ofNullable(SpecDefaults.replicationFactor(collection)), Map.of(
                        RETENTION_MS, Long.toString(SpecDefaults.retentionMs(collection)),
                        COMPRESSION_TYPE, SpecDefaults.compression(collection)));
    }
}

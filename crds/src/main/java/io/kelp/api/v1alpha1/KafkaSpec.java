package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSpec {

    public static final int DEFAULT_PARTITIONS = 3;

    @Default("3")
    @Min(1)
    @Max(1000)
    @ValidationRule(value = "self >= oldSelf",
            message = "spec.kafka.partitions cannot decrease: Kafka cannot remove partitions from a topic")
    @JsonPropertyDescription("Partitions of the collection's topic; also the upper bound of transfer replicas. Default 3.")
    private Integer partitions = DEFAULT_PARTITIONS;

    @Min(1)
    @Max(10)
    @JsonPropertyDescription("Replication factor of the topic. Unset: the broker's default.replication.factor.")
    private Integer replicationFactor;

    @Min(60000)
    @JsonPropertyDescription("Topic retention.ms. Unset: 86400000 (1 day).")
    private Long retentionMs;

    @Default("producer")
    @ValidationRule(value = "self in ['producer','gzip','snappy','lz4','zstd','uncompressed']",
            message = "spec.kafka.compression must be one of producer, gzip, snappy, lz4, zstd, uncompressed")
    @JsonPropertyDescription("Topic compression.type: producer (default), gzip, snappy, lz4, zstd or uncompressed.")
    private String compression = "producer";

    public Long getRetentionMs() {
        return retentionMs;
    }

    public void setRetentionMs(Long retentionMs) {
        this.retentionMs = retentionMs;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public Integer getPartitions() {
        return partitions;
    }

    public void setPartitions(Integer partitions) {
        this.partitions = partitions;
    }

    public Integer getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(Integer replicationFactor) {
        this.replicationFactor = replicationFactor;
    }
}

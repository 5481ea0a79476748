package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSpec {

    public static final int DEFAULT_PARTITIONS = 3;

    @Default("3")
    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Partitions of the collection's topic; also the upper bound of transfer replicas. Default 3.")
    private Integer partitions = DEFAULT_PARTITIONS;

    @Min(1)
    @Max(10)
    @JsonPropertyDescription("Replication factor of the topic. Unset: the broker's default.replication.factor.")
    private Integer replicationFactor;

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

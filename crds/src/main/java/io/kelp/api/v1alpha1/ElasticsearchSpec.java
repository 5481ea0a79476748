package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ElasticsearchSpec {

    @Default("1")
    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Primary shards of each daily index. Default 1.")
    private Integer shards = 1;

    @Default("1")
    @Min(0)
    @Max(5)
    @JsonPropertyDescription("Replicas of each daily index. Default 1.")
    private Integer replicas = 1;

    public Integer getShards() {
        return shards;
    }

    public void setShards(Integer shards) {
        this.shards = shards;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }
}

package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.LinkedHashMap;
import java.util.Map;

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

    @Default("7")
    @Min(1)
    @Max(3650)
    @JsonPropertyDescription("Days of daily indices to keep; older indices are deleted by the operator. Default 7.")
    private Integer retentionDays = 7;

    @ValidationRule(value = "self.all(k, self[k] in ['keyword','text','long','double','date','boolean','ip'])",
            message = "spec.elasticsearch.extraMappings: types must be keyword, text, long, double, date, boolean or ip")
    @JsonPropertyDescription("Extra field mappings for fields your JSON logs add, field name -> type "
            + "(keyword, text, long, double, date, boolean, ip).")
    private Map<String, String> extraMappings = new LinkedHashMap<>();

    public Integer getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(Integer retentionDays) {
        this.retentionDays = retentionDays;
    }

    public Map<String, String> getExtraMappings() {
        return extraMappings;
    }

    public void setExtraMappings(Map<String, String> extraMappings) {
        this.extraMappings = extraMappings;
    }

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

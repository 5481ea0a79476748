package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The collection's transfer Deployment and how the operator scales it on consumer lag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.minReplicas <= self.maxReplicas",
        message = "spec.transfer.minReplicas must not exceed spec.transfer.maxReplicas")
public class TransferSpec {

    @Default("1")
    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Fewest transfer pods. 0 allows scale to zero when lag is at or below activationLag. Default 1.")
    private Integer minReplicas = 1;

    @Default("3")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Most transfer pods; also capped by the topic's partitions. Default 3.")
    private Integer maxReplicas = 3;

    @Default("10000")
    @Min(1)
    @JsonPropertyDescription("Consumer lag (records) one transfer pod is expected to work off; "
            + "desired replicas = ceil(lag / targetLagPerReplica). Default 10000.")
    private Long targetLagPerReplica = 10000L;

    @Default("0")
    @Min(0)
    @JsonPropertyDescription("With minReplicas 0: scale up from zero only when lag exceeds this. Default 0.")
    private Long activationLag = 0L;

    @Default("300")
    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Seconds the lag must stay low before replicas are reduced. Default 300.")
    private Integer scaleDownStabilizationSeconds = 300;

    @JsonPropertyDescription("Resources of each transfer pod.")
    private ResourceRequirements resources;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Long getTargetLagPerReplica() {
        return targetLagPerReplica;
    }

    public void setTargetLagPerReplica(Long targetLagPerReplica) {
        this.targetLagPerReplica = targetLagPerReplica;
    }

    public Long getActivationLag() {
        return activationLag;
    }

    public void setActivationLag(Long activationLag) {
        this.activationLag = activationLag;
    }

    public Integer getScaleDownStabilizationSeconds() {
        return scaleDownStabilizationSeconds;
    }

    public void setScaleDownStabilizationSeconds(Integer scaleDownStabilizationSeconds) {
        this.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}

package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogCollectionStatus {

    private Long observedGeneration;
    private List<Condition> conditions = new ArrayList<>();
    private String topic;
    private String indexPattern;
    /** Agents currently shipping for this collection (from their heartbeats). */
    private Integer agents;
    /** Lines per second shipped, as text: a printer column, and no float drift in status diffs. */
    private String linesPerSecond;
    /** Consumer-group lag of the transfer, in records. */
    private Long lag;
    private Integer transferReplicas;
    /** The last failure of any part; cleared when Ready. */
    private String lastError;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getIndexPattern() {
        return indexPattern;
    }

    public void setIndexPattern(String indexPattern) {
        this.indexPattern = indexPattern;
    }

    public Integer getAgents() {
        return agents;
    }

    public void setAgents(Integer agents) {
        this.agents = agents;
    }

    public String getLinesPerSecond() {
        return linesPerSecond;
    }

    public void setLinesPerSecond(String linesPerSecond) {
        this.linesPerSecond = linesPerSecond;
    }

    public Long getLag() {
        return lag;
    }

    public void setLag(Long lag) {
        this.lag = lag;
    }

    public Integer getTransferReplicas() {
        return transferReplicas;
    }

    public void setTransferReplicas(Integer transferReplicas) {
        this.transferReplicas = transferReplicas;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogCollectionStatus other)) {
            return false;
        }
        return Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(topic, other.topic)
                && Objects.equals(indexPattern, other.indexPattern)
                && Objects.equals(agents, other.agents)
                && Objects.equals(linesPerSecond, other.linesPerSecond)
                && Objects.equals(lag, other.lag)
                && Objects.equals(transferReplicas, other.transferReplicas)
                && Objects.equals(lastError, other.lastError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, topic, indexPattern, agents, linesPerSecond, lag,
                transferReplicas, lastError);
    }
}

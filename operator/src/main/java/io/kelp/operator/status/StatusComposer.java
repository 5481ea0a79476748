package io.kelp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kelp.api.v1alpha1.LogCollectionStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the next status from the previous one and what this reconcile found. A condition whose
 * status did not change keeps its {@code lastTransitionTime}, so an idle resync produces a status
 * equal to the old one and {@link StatusDiff} finds nothing to write.
 */
public final class StatusComposer {

    private final LogCollectionStatus previous;
    private final long generation;
    private final String now;

    public StatusComposer(LogCollectionStatus previous, long generation, Instant now) {
        this.previous = previous == null ? new LogCollectionStatus() : previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Status after a reconcile of every part; Ready is true only if every part is. */
    public LogCollectionStatus afterReconcile(List<PartResult> parts, String topic, String indexPattern) {
        List<Condition> conditions = new ArrayList<>();
        Condition ready = readyOf(parts);
        conditions.add(ready);
        for (PartResult part : parts) {
            conditions.add(condition(part.type(), part.ready(), part.reason(), part.message()));
        }
        return status(conditions, topic, indexPattern, "True".equals(ready.getStatus()) ? null : ready.getMessage());
    }

    /**
     * Status of a spec that breaks a rule: Ready=False naming every offending field. The part
     * conditions stay as they were, since what was applied for an earlier generation is still there.
     */
    public LogCollectionStatus afterInvalidSpec(List<String> problems) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(ConditionType.READY, false, Reason.InvalidSpec, String.join("; ", problems)));
        for (Condition old : previous.getConditions() == null ? List.<Condition>of() : previous.getConditions()) {
            if (!ConditionType.READY.wireName().equals(old.getType())) {
                conditions.add(old);
            }
        }
        return status(conditions, previous.getTopic(), previous.getIndexPattern(), String.join("; ", problems));
    }

    private Condition readyOf(List<PartResult> parts) {
        List<PartResult> failing = parts.stream().filter(p -> !p.ready()).toList();
        if (failing.isEmpty()) {
            return condition(ConditionType.READY, true, Reason.Ready, "topic, index template and task are in place");
        }
        String message = failing.stream()
                .map(p -> p.type().wireName() + ": " + p.message())
                .collect(Collectors.joining("; "));
        return condition(ConditionType.READY, false, Reason.PartNotReady, message);
    }

    private Condition condition(ConditionType type, boolean ready, Reason reason, String message) {
        String status = ready ? "True" : "False";
        return new ConditionBuilder()
                .withType(type.wireName())
                .withStatus(status)
                .withReason(reason.name())
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transitionTime(type, status))
                .build();
    }

    private String transitionTime(ConditionType type, String status) {
        if (previous.getConditions() != null) {
            for (Condition old : previous.getConditions()) {
                if (type.wireName().equals(old.getType()) && status.equals(old.getStatus())
                        && old.getLastTransitionTime() != null) {
                    return old.getLastTransitionTime();
                }
            }
        }
        return now;
    }

    private LogCollectionStatus status(List<Condition> conditions, String topic, String indexPattern, String lastError) {
        LogCollectionStatus next = new LogCollectionStatus();
        next.setObservedGeneration(generation);
        next.setConditions(conditions);
        next.setTopic(topic);
        next.setIndexPattern(indexPattern);
        next.setLastError(lastError);
        // Measured by others (the lag autoscaler, agent heartbeats): carried over, never guessed here.
        next.setLag(previous.getLag());
        next.setTransferReplicas(previous.getTransferReplicas());
        next.setAgents(previous.getAgents());
        next.setLinesPerSecond(previous.getLinesPerSecond());
        return next;
    }
}

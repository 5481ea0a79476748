package io.kelp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kelp.api.v1alpha1.LogCollectionStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a new status is worth a write. {@code lastTransitionTime} is ignored: it only
 * moves when a condition's status does, and a resync that changes nothing must write nothing.
 * Conditions are compared by type, independent of order.
 */
public final class StatusDiff {

    private StatusDiff() {
    }

    public static boolean differs(LogCollectionStatus old, LogCollectionStatus next) {
        if (old == null || next == null) {
            return old != next;
        }
        return !Objects.equals(old.getObservedGeneration(), next.getObservedGeneration())
                || !Objects.equals(old.getTopic(), next.getTopic())
                || !Objects.equals(old.getIndexPattern(), next.getIndexPattern())
                || !Objects.equals(old.getLastError(), next.getLastError())
                || !Objects.equals(old.getLag(), next.getLag())
                || !Objects.equals(old.getTransferReplicas(), next.getTransferReplicas())
                || !Objects.equals(old.getAgents(), next.getAgents())
                || !Objects.equals(old.getLinesPerSecond(), next.getLinesPerSecond())
                || !comparable(old.getConditions()).equals(comparable(next.getConditions()));
    }

    private static List<List<Object>> comparable(List<Condition> conditions) {
        if (conditions == null) {
            return List.of();
        }
        return conditions.stream()
                .map(c -> List.<Object>of(nn(c.getType()), nn(c.getStatus()), nn(c.getReason()), nn(c.getMessage()),
                        c.getObservedGeneration() == null ? -1L : c.getObservedGeneration()))
                .sorted(Comparator.comparing(l -> (String) l.get(0)))
                .toList();
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}

package io.kelp.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.kelp.api.v1alpha1.LogCollectionStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides which events a reconcile deserves: one for what it changed (named after the part when it
 * changed one, {@code Applied} listing every part when it changed several, e.g. a new collection's
 * topic, template, task and Deployment in one event instead of four API writes), and one per
 * failure that is new (the part was not already failing for the same reason), so that an outage
 * retried every few seconds does not flood the event list.
 */
public final class EventPlan {

    /** An event to record: {@code warning} or normal, a CamelCase reason and a message. */
    public record Event(boolean warning, String reason, String message) {
    }

    private EventPlan() {
    }

    /** Reason of the one event of a reconcile that changed several parts. */
    public static final String APPLIED = "Applied";

    public static List<Event> of(LogCollectionStatus previous, List<PartResult> parts) {
        List<Event> events = new ArrayList<>();
        List<PartResult> changed = parts.stream().filter(PartResult::changed).toList();
        if (changed.size() == 1) {
            events.add(new Event(false, changed.get(0).type().wireName(), changed.get(0).message()));
        } else if (changed.size() > 1) {
            events.add(new Event(false, APPLIED, changed.stream()
                    .map(p -> p.type().wireName() + ": " + p.message()).collect(Collectors.joining("; "))));
        }
        for (PartResult part : parts) {
            if (!part.changed() && !part.ready() && part.reason() != Reason.WaitingForDependencies
                    && !alreadyFailing(previous, part)) {
                events.add(new Event(true, part.reason().name(), part.type().wireName() + ": " + part.message()));
            }
        }
        return events;
    }

    public static List<Event> ofInvalidSpec(LogCollectionStatus previous, List<String> problems) {
        String message = String.join("; ", problems);
        Condition ready = find(previous, ConditionType.READY);
        if (ready != null && Reason.InvalidSpec.name().equals(ready.getReason()) && message.equals(ready.getMessage())) {
            return List.of();
        }
        return List.of(new Event(true, Reason.InvalidSpec.name(), message));
    }

    private static boolean alreadyFailing(LogCollectionStatus previous, PartResult part) {
        Condition old = find(previous, part.type());
        return old != null && "False".equals(old.getStatus()) && part.reason().name().equals(old.getReason());
    }

    private static Condition find(LogCollectionStatus status, ConditionType type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.wireName().equals(c.getType())).findFirst().orElse(null);
    }
}

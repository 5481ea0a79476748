package io.kelp.operator.status;

import java.util.Objects;

/**
 * The outcome of reconciling one part of a collection.
 *
 * @param type      the part's condition
 * @param ready     whether the part is as the spec asks
 * @param reason    why
 * @param message   what a user should read; says which field or system when not ready
 * @param retryable a failure that may go away by itself (outage, timeout), so the reconcile is retried
 * @param changed   this reconcile wrote to the external system (worth an event)
 */
public record PartResult(ConditionType type, boolean ready, Reason reason, String message, boolean retryable,
                         boolean changed) {

    public PartResult {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
    }

    public static PartResult ready(ConditionType type, String message) {
        return ready(type, message, false);
    }

    public static PartResult ready(ConditionType type, String message, boolean changed) {
        return new PartResult(type, true, Reason.Applied, message, false, changed);
    }

    public static PartResult failed(ConditionType type, Reason reason, String message, boolean retryable) {
        return new PartResult(type, false, reason, message, retryable, false);
    }
}

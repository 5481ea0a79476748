package io.kelp.operator.status;

/**
 * A part could not be brought to the desired state. Adapters throw it with a reason a user can
 * act on; {@code retryable} says whether waiting may help (outage, timeout) or the spec or a
 * server's refusal must change first.
 */
public final class PartFailure extends Exception {

    private final Reason reason;
    private final boolean retryable;

    public PartFailure(Reason reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    public static PartFailure retryable(Reason reason, String message, Throwable cause) {
        return new PartFailure(reason, message, true, cause);
    }

    public static PartFailure terminal(Reason reason, String message) {
        return new PartFailure(reason, message, false, null);
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}

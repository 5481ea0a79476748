package io.kelp.transfer.bulk;

/** Elasticsearch's answer for one bulk item: its status and, when it failed, the error. */
public record ItemResult(int status, String errorType, String errorReason) {

    public ItemOutcome outcome() {
        return ItemOutcome.classify(status, errorType);
    }

    /** One line for logs and dead-letter headers. */
    public String describe() {
        return status + " " + (errorType == null ? "" : errorType + ": ") + (errorReason == null ? "" : errorReason);
    }
}

package io.kelp.operator.reconcile;

import io.kelp.api.v1alpha1.LogCollectionStatus;

/**
 * Thrown out of a reconcile so the framework retries it with backoff; carries the status the
 * reconcile computed so that the error handler can still record which part failed and why.
 */
final class RetryableFailure extends Exception {

    private final transient LogCollectionStatus status;

    RetryableFailure(String message, LogCollectionStatus status) {
        super(message, null, false, false);
        this.status = status;
    }

    LogCollectionStatus status() {
        return status;
    }
}

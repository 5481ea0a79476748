package io.kelp.transfer.pipeline;

import java.io.IOException;

/** Sends one {@code _bulk} body. Implementations must be thread-safe: every worker calls it. */
public interface BulkSender {

    /** Returns the HTTP status and body whatever the status; throws only when there was no answer. */
    Reply send(byte[] body, int length) throws IOException;

    record Reply(int status, byte[] body) {
    }
}

package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.Backoff;
import io.kelp.transfer.bulk.BulkBody;
import io.kelp.transfer.bulk.BulkResponseParser;
import io.kelp.transfer.bulk.ItemOutcome;
import io.kelp.transfer.bulk.ItemResult;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Delivers one batch: every document ends indexed or dead-lettered, or the batch is abandoned
 * (shutdown, revoke) and its offsets stay uncommitted.
 *
 * <p>Items answered with 429/5xx are re-sent with backoff; a whole request that fails for want of
 * Elasticsearch (no answer, 429, 5xx, 401/403/404) is re-sent unchanged; a whole request refused as
 * malformed (400, 413) is split in halves until the culprit stands alone and is dead-lettered.
 *
 * <p>Threading: runs on one worker thread; the body buffer belongs to that thread.
 */
final class BulkJob implements Runnable {

    private static final Logger LOG = Logger.getLogger(BulkJob.class);
    private static final ThreadLocal<BulkBody> BODY = ThreadLocal.withInitial(() -> new BulkBody(1 << 20));
    private static final long SLEEP_SLICE_MILLIS = 50;

    private final Batch batch;
    private final BulkSender sender;
    private final DeadLetters deadLetters;
    private final Backoff backoff;
    private final TransferMetrics metrics;
    private final BooleanSupplier shuttingDown;
    private final java.util.function.Consumer<Batch> onFinished;
    private int attempt;

    BulkJob(Batch batch, BulkSender sender, DeadLetters deadLetters, Backoff backoff, TransferMetrics metrics,
            BooleanSupplier shuttingDown, java.util.function.Consumer<Batch> onFinished) {
        this.batch = batch;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.onFinished = onFinished;
    }

    @Override
    public void run() {
        try {
            batch.delivered = deliver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.delivered = false;
        } catch (RuntimeException | Error e) {
            // A bug, not an Elasticsearch answer: leave the records uncommitted rather than guess.
            LOG.error("bulk delivery failed unexpectedly; its records stay uncommitted", e);
            batch.delivered = false;
        } finally {
            onFinished.accept(batch);
        }
    }

    private boolean deliver() throws InterruptedException {
        if (!batch.refused.isEmpty() && !publish(batch.refused)) {
            return false;
        }
        Deque<int[]> work = new ArrayDeque<>();
        if (batch.size() > 0) {
            int[] all = new int[batch.size()];
            for (int d = 0; d < all.length; d++) {
                all[d] = d;
            }
            work.add(all);
        }
        while (!work.isEmpty()) {
            if (stopRequested()) {
                return false;
            }
            int[] group = work.pollFirst();
            int[] remaining = sendOnce(group, work);
            if (remaining == null) {
                return false;
            }
            if (remaining.length > 0) {
                work.addFirst(remaining);
                pause();
            }
        }
        return true;
    }

    /**
     * Sends one group; returns the items still to send (empty when done, the whole group when the
     * request failed), or null when delivery must stop. May push split halves onto {@code work}.
     */
    private int[] sendOnce(int[] group, Deque<int[]> work) throws InterruptedException {
        BulkBody body = BODY.get();
        body.reset();
        for (int d : group) {
            batch.writeTo(body, d);
        }
        long start = System.nanoTime();
        BulkSender.Reply reply;
        try {
            reply = sender.send(body.buffer(), body.length());
        } catch (IOException e) {
            return retryAll(group, "no answer from Elasticsearch: " + e);
        }
        metrics.bulkCompleted(System.nanoTime() - start, group.length, body.length());
        int status = reply.status();
        if (status == 200) {
            return handleItems(group, reply.body());
        }
        if ((status == 400 || status == 413) && group.length > 1) {
            int half = group.length / 2;
            work.addFirst(java.util.Arrays.copyOfRange(group, half, group.length));
            work.addFirst(java.util.Arrays.copyOfRange(group, 0, half));
            LOG.warnf("bulk of %d documents refused with %d, splitting to isolate the culprit", group.length, status);
            return new int[0];
        }
        if (status == 400 || status == 413) {
            return publish(List.of(batch.letter(group[0], new ItemResult(status, "bulk_request_refused", excerpt(reply)))))
                    ? new int[0] : null;
        }
        return retryAll(group, "bulk answered " + status + ": " + excerpt(reply));
    }

    private int[] handleItems(int[] group, byte[] responseBody) throws InterruptedException {
        List<ItemResult> results;
        try {
            results = BulkResponseParser.parse(responseBody, group.length);
        } catch (IOException e) {
            return retryAll(group, "unreadable bulk response: " + e.getMessage());
        }
        if (results == null) {
            metrics.indexed(group.length);
            attempt = 0;
            return new int[0];
        }
        int indexed = 0;
        int[] retry = new int[group.length];
        int retries = 0;
        ItemResult firstRetry = null;
        List<DeadLetters.Letter> refused = new ArrayList<>();
        for (int k = 0; k < group.length; k++) {
            ItemResult result = results.get(k);
            ItemOutcome outcome = result.outcome();
            if (outcome == ItemOutcome.INDEXED) {
                indexed++;
            } else if (outcome == ItemOutcome.RETRY) {
                firstRetry = firstRetry == null ? result : firstRetry;
                retry[retries++] = group[k];
            } else {
                refused.add(batch.letter(group[k], result));
            }
        }
        metrics.indexed(indexed);
        if (!refused.isEmpty() && !publish(refused)) {
            return null;
        }
        if (retries > 0) {
            if (attempt == 0 || attempt % 10 == 0) {
                LOG.warnf("retrying %d of %d documents (attempt %d), e.g. %s", retries, group.length, attempt + 1,
                        firstRetry.describe());
            }
            metrics.retried(retries);
        } else {
            attempt = 0;
        }
        return java.util.Arrays.copyOf(retry, retries);
    }

    private int[] retryAll(int[] group, String why) throws InterruptedException {
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.warnf("retrying bulk of %d documents (attempt %d): %s", group.length, attempt + 1, why);
        }
        metrics.retried(group.length);
        return group;
    }

    /** Publishes dead letters, retrying until stored; false when stopped first. */
    private boolean publish(List<DeadLetters.Letter> letters) throws InterruptedException {
        while (true) {
            try {
                deadLetters.publish(letters);
                metrics.deadLettered(letters.size());
                for (DeadLetters.Letter l : letters) {
                    LOG.warnf("dead-lettered %s from %s-%d@%d: %s", printable(l.key()), l.source().topic(),
                            l.source().partition(), l.source().offset(), l.error().describe());
                }
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf("dead-letter publish of %d records failed, retrying: %s", letters.size(), e.toString());
            }
            if (stopRequested()) {
                return false;
            }
            pause();
        }
    }

    /** Sleeps the backoff for the current attempt, waking early when asked to stop. */
    private void pause() throws InterruptedException {
        long until = System.currentTimeMillis() + backoff.delayMillis(attempt++);
        while (!stopRequested()) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, SLEEP_SLICE_MILLIS));
        }
    }

    private boolean stopRequested() {
        return shuttingDown.getAsBoolean();
    }

    /** A letter key for the log: ids are ASCII, but a refused record key may be anything. */
    private static String printable(byte[] key) {
        if (key == null) {
            return "(no key)";
        }
        String text = new String(key, 0, Math.min(key.length, 100), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static String excerpt(BulkSender.Reply reply) {
        byte[] body = reply.body() == null ? new byte[0] : reply.body();
        return new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
    }
}

package io.kelp.transfer.bulk;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the delay for attempt n is half of
 * {@code min(max, initial * 2^n)} plus a random part up to the other half. The random part keeps
 * several transfer pods from hammering a recovering Elasticsearch in lockstep; the fixed half keeps
 * the delay from collapsing to zero. The cap bounds how late we notice that Elasticsearch is back.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(long initialMillis, long maxMillis, RandomGenerator random) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    public long delayMillis(int attempt) {
        // 2^30 times any sane initial delay is past any sane cap, and cannot overflow a long
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(Math.max(attempt, 0), 30));
        long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }
}

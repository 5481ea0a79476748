package io.kelp.agent.task;

import java.util.random.RandomGenerator;

/**
 * The wait before the next full read of the tasks after a failure: doubling from an initial delay
 * up to a cap, each wait drawn at random within ±50 % of that. The spread matters because an etcd
 * restart cuts off every agent of a DaemonSet in the same instant; without it they would all read
 * the whole task prefix again in the same instant too, at every step. Reset only once a watch
 * proved itself, so a watch that fails right after it was set up keeps backing off.
 *
 * <p>Not thread-safe: the task source uses it on its one thread.
 */
final class ResyncBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private long baseMillis;

    ResyncBackoff(long initialMillis, long maxMillis, RandomGenerator random) {
        if (initialMillis < 2 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 2 <= initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.baseMillis = initialMillis;
    }

    /** The wait before the next attempt, between half and one and a half times the current step; doubles the step. */
    long nextDelayMillis() {
        long base = baseMillis;
        baseMillis = Math.min(base * 2, maxMillis);
        long half = base / 2;
        return random.nextLong(base - half, base + half + 1);
    }

    /** The next failure waits about the initial delay again. */
    void reset() {
        baseMillis = initialMillis;
    }
}

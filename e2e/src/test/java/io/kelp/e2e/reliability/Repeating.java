package io.kelp.e2e.reliability;

import java.time.Duration;

/**
 * Runs {@code tick} on a daemon thread of its own, once per {@code period} (the next run starts a
 * period after the previous one started, or at once if it took longer), until closed. A tick that
 * throws stops it, and {@link #close()} rethrows that failure.
 */
final class Repeating implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private Repeating(String name, Duration period, Runnable tick) {
        this.thread = new Thread(() -> loop(period, tick), name);
        thread.setDaemon(true);
    }

    static Repeating every(Duration period, String name, Runnable tick) {
        Repeating repeating = new Repeating(name, period, tick);
        repeating.thread.start();
        return repeating;
    }

    private void loop(Duration period, Runnable tick) {
        try {
            while (running) {
                long started = System.nanoTime();
                tick.run();
                long left = period.toNanos() - (System.nanoTime() - started);
                if (left > 0 && running) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Stops after the current tick and waits for it; rethrows the failure of a tick. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}

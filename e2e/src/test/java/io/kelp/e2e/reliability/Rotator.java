package io.kelp.e2e.reliability;

import java.time.Duration;
import java.util.List;

/**
 * Rotates a set of logs on its own thread: every {@code period} each log is renamed and recreated
 * (the kubelet's way), and every {@code copytruncateEvery}-th time copytruncated instead
 * (logrotate's); 0 means never copytruncate.
 */
final class Rotator implements AutoCloseable {

    private final List<ContainerLog> logs;
    private final int copytruncateEvery;
    private final long startNanos = System.nanoTime();
    private final Repeating repeating;
    private long ticks;
    private long renames;
    private long copytruncates;
    private long endNanos;

    private Rotator(List<ContainerLog> logs, Duration period, int copytruncateEvery) {
        this.logs = List.copyOf(logs);
        this.copytruncateEvery = copytruncateEvery;
        this.repeating = Repeating.every(period, "rotator", this::rotateAll);
    }

    static Rotator start(List<ContainerLog> logs, Duration period, int copytruncateEvery) {
        return new Rotator(logs, period, copytruncateEvery);
    }

    private void rotateAll() {
        ticks++;
        boolean copytruncate = copytruncateEvery > 0 && ticks % copytruncateEvery == 0;
        for (ContainerLog log : logs) {
            if (copytruncate) {
                log.copyTruncate();
                copytruncates++;
            } else {
                log.renameAndCreate();
                renames++;
            }
        }
    }

    /** Stops rotating; rethrows a failure of the rotation thread. */
    @Override
    public void close() {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
        repeating.close();
    }

    /** What was done, e.g. "1,350 renames and 150 copytruncates in 15 s (every file every 100 ms on average)". */
    String summary() {
        double seconds = ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        long rotations = renames + copytruncates;
        return String.format("%,d renames and %,d copytruncates in %.0f s (every file every %.0f ms on average)",
                renames, copytruncates, seconds, rotations == 0 ? 0 : seconds * 1000 * logs.size() / rotations);
    }
}

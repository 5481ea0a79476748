package io.kelp.e2e.reliability;

import java.time.Duration;
import java.util.List;

/**
 * Writes marked lines to a set of container logs at a steady overall rate, on its own thread, until
 * closed: the traffic a fault is injected into. Every 10 ms it writes the lines due, spread round
 * robin over the logs (one write call per log and tick).
 */
final class SteadyWriter implements AutoCloseable {

    /** Told of every write, on the writer's thread: e.g. to pick lines whose latency is measured. */
    interface Listener {
        void written(ContainerLog log, long firstSeq, int count, long epochMillis);
    }

    private static final Duration TICK = Duration.ofMillis(10);
    /** A writer that fell this far behind (a stalled disk, a paused JVM) skips the backlog. */
    private static final int MAX_LINES_PER_TICK = 100_000;

    private final List<ContainerLog> logs;
    private final double linesPerSecond;
    private final Listener listener;
    private final long startNanos = System.nanoTime();
    private final Repeating repeating;
    private long due;
    private int next;

    private SteadyWriter(List<ContainerLog> logs, double linesPerSecond, Listener listener) {
        this.logs = List.copyOf(logs);
        this.linesPerSecond = linesPerSecond;
        this.listener = listener;
        this.repeating = Repeating.every(TICK, "steady-writer", this::writeDue);
    }

    static SteadyWriter start(List<ContainerLog> logs, double linesPerSecond) {
        return start(logs, linesPerSecond, (log, first, count, millis) -> { });
    }

    static SteadyWriter start(List<ContainerLog> logs, double linesPerSecond, Listener listener) {
        return new SteadyWriter(logs, linesPerSecond, listener);
    }

    private void writeDue() {
        long target = (long) ((System.nanoTime() - startNanos) / 1e9 * linesPerSecond);
        writeLines((int) Math.min(target - due, MAX_LINES_PER_TICK));
        due = Math.max(due, target);
    }

    private void writeLines(int count) {
        if (count <= 0) {
            return;
        }
        int perLog = count / logs.size();
        int extra = count % logs.size();
        long now = System.currentTimeMillis();
        // The remainder goes to the logs after the ones that got it last time, so all get the same share.
        for (int i = 0; i < logs.size(); i++) {
            ContainerLog log = logs.get((next + i) % logs.size());
            int lines = perLog + (i < extra ? 1 : 0);
            if (lines > 0) {
                listener.written(log, log.appendLines(lines, now), lines, now);
            }
        }
        next = (next + extra) % logs.size();
        due += count;
    }

    /** Stops writing and returns once the last write is done; rethrows a failure of the writer. */
    @Override
    public void close() {
        repeating.close();
    }
}

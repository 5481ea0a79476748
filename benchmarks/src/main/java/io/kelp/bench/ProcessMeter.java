package io.kelp.bench;

import io.kelp.testkit.measure.ProcStat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time and peak RSS of a process and its descendants every 100 ms. Call
 * {@link #finish()} just before the process is stopped: that last reading is the one reported, so
 * shutdown work is not counted (the same for every peer measured this way).
 *
 * <p>Per pid the last CPU reading and the highest VmHWM are kept; the totals are their sums, so a
 * helper process that exited between samples still counts with its last reading.
 */
final class ProcessMeter implements AutoCloseable {

    private final long rootPid;
    private final Map<Long, Long> cpuTicks = new HashMap<>();
    private final Map<Long, Long> peakKib = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-meter");
        t.setDaemon(true);
        return t;
    });

    ProcessMeter(long rootPid) {
        this.rootPid = rootPid;
        sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Takes a final sample and returns CPU seconds and peak RSS of the tree so far. */
    Usage finish() {
        sample();
        close();
        return usage();
    }

    /** Samples now and returns the totals so far; the meter keeps running. */
    Usage sampleNow() {
        sample();
        return usage();
    }

    synchronized Usage usage() {
        long ticks = cpuTicks.values().stream().mapToLong(Long::longValue).sum();
        long kib = peakKib.values().stream().mapToLong(Long::longValue).sum();
        return new Usage(ticks / ProcStat.TICKS_PER_SECOND, kib / 1024.0);
    }

    private synchronized void sample() {
        List<Long> pids = ProcessHandle.of(rootPid)
                .map(h -> java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants())
                        .map(ProcessHandle::pid).toList())
                .orElse(List.of());
        for (long pid : pids) {
            long ticks = ProcStat.cpuTicks(pid);
            if (ticks >= 0) {
                cpuTicks.put(pid, ticks);
            }
            long kib = ProcStat.peakRssKib(pid);
            if (kib >= 0) {
                peakKib.merge(pid, kib, Math::max);
            }
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** CPU seconds (user + system) and peak resident set in MiB. */
    record Usage(double cpuSeconds, double peakRssMib) {
    }
}

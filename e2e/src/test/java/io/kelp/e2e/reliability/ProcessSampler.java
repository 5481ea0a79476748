package io.kelp.e2e.reliability;

import io.kelp.testkit.measure.ProcStat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Samples CPU time and resident memory of named processes (each with its descendants, e.g.
 * Elasticsearch's server JVM under its launcher) from {@code /proc}, to show drift over a long run.
 * Not thread-safe: call {@link #sample} from one thread.
 */
final class ProcessSampler {

    /** One reading: seconds since the first, cumulative CPU seconds, resident MiB. */
    record Sample(double atSeconds, double cpuSeconds, double rssMib) {
    }

    /** How one process changed between the end of warm-up and the end of the run. */
    record Drift(String process, double rssWarmMib, double rssEndMib, double rssMaxMib, double cpuCoresEarly,
                 double cpuCoresLate) {
    }

    private final Map<String, LongSupplier> pids = new LinkedHashMap<>();
    private final Map<String, List<Sample>> series = new LinkedHashMap<>();
    private long startNanos = -1;

    void watch(String name, LongSupplier pid) {
        pids.put(name, pid);
        series.put(name, new ArrayList<>());
    }

    void sample() {
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        double at = (now - startNanos) / 1e9;
        pids.forEach((name, pid) -> {
            List<Long> tree = ProcessHandle.of(pid.getAsLong())
                    .map(h -> Stream.concat(Stream.of(h), h.descendants()).map(ProcessHandle::pid).toList())
                    .orElse(List.of());
            long ticks = 0;
            long kib = 0;
            for (long p : tree) {
                ticks += Math.max(0, ProcStat.cpuTicks(p));
                kib += Math.max(0, ProcStat.rssKib(p));
            }
            if (!tree.isEmpty()) {
                series.get(name).add(new Sample(at, ticks / ProcStat.TICKS_PER_SECOND, kib / 1024.0));
            }
        });
    }

    /**
     * Per process: RSS after {@code warmUpSeconds}, at the end and at most; CPU cores used on average
     * in the first and the last third of the time after warm-up.
     */
    List<Drift> drifts(double warmUpSeconds) {
        List<Drift> drifts = new ArrayList<>();
        series.forEach((name, samples) -> {
            List<Sample> warm = samples.stream().filter(s -> s.atSeconds() >= warmUpSeconds).toList();
            if (warm.size() < 3) {
                return;
            }
            Sample first = warm.get(0);
            Sample last = warm.get(warm.size() - 1);
            double third = (last.atSeconds() - first.atSeconds()) / 3;
            Sample earlyEnd = closest(warm, first.atSeconds() + third);
            Sample lateStart = closest(warm, last.atSeconds() - third);
            drifts.add(new Drift(name, first.rssMib(), last.rssMib(),
                    warm.stream().mapToDouble(Sample::rssMib).max().orElse(0),
                    rate(first, earlyEnd), rate(lateStart, last)));
        });
        return drifts;
    }

    private static Sample closest(List<Sample> samples, double at) {
        Sample best = samples.get(0);
        for (Sample s : samples) {
            if (Math.abs(s.atSeconds() - at) < Math.abs(best.atSeconds() - at)) {
                best = s;
            }
        }
        return best;
    }

    private static double rate(Sample from, Sample to) {
        double seconds = to.atSeconds() - from.atSeconds();
        return seconds <= 0 ? 0 : (to.cpuSeconds() - from.cpuSeconds()) / seconds;
    }
}

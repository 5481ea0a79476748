package io.kelp.e2e.reliability;

import io.kelp.testkit.measure.Percentiles;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The soak run's figures as Markdown: lines, latency, lag, and per-process CPU and RSS drift. */
final class SoakReport {

    private final Duration length;
    private final double rate;
    private final ScenarioRun run;
    private final Accounting accounting;
    private final List<ProcessSampler.Drift> drifts;
    private final List<Long> lags;
    private final Duration sampleEvery;
    private final LatencyProbe probe;
    private final String machine;

    SoakReport(Duration length, double rate, ScenarioRun run, Accounting accounting, List<ProcessSampler.Drift> drifts,
               List<Long> lags, Duration sampleEvery, LatencyProbe probe, String machine) {
        this.length = length;
        this.rate = rate;
        this.run = run;
        this.accounting = accounting;
        this.drifts = drifts;
        this.lags = lags;
        this.sampleEvery = sampleEvery;
        this.probe = probe;
        this.machine = machine;
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        double seconds = run.faultTime().toNanos() / 1e9;
        text.append(String.format("Run: %s, %s. %d minutes, target %,.0f lines/s, written %,.0f lines/s on average "
                        + "(%s); everything searchable %d s after the last write.%n%n", LocalDate.now(ZoneOffset.UTC),
                machine, length.toMinutes(), rate, accounting.written() / seconds, run.scenario().fault(),
                run.settleTime().toSeconds()));
        text.append(String.format("| lines written | lost | duplicated |%n|---:|---:|---:|%n| %,d | %,d | %,d |%n%n",
                accounting.written(), accounting.lost(), accounting.duplicated()));
        Percentiles latency = probe.percentiles();
        text.append(String.format("End-to-end latency, line written → searchable (1 line in 500, polled every %d ms): "
                        + "p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s (n = %,d; %d never seen by the probe, "
                        + "%d polls failed).%n%n",
                LatencyProbe.POLL_MILLIS, latency.p50() / 1000, latency.p90() / 1000, latency.p99() / 1000,
                latency.max() / 1000, latency.count(), probe.unseen(), probe.failedPolls()));
        Percentiles lag = Percentiles.of(lags.stream().map(Long::doubleValue).toList());
        text.append(String.format("Transfer consumer lag (records, sampled every %d s while writing): median %,.0f, "
                        + "p99 %,.0f, max %,.0f; %,d at the end of writing.%n%n", sampleEvery.toSeconds(), lag.p50(),
                lag.p99(), lag.max(), lags.isEmpty() ? 0 : lags.get(lags.size() - 1)));
        text.append("| process | RSS after warm-up | RSS at the end | drift | RSS max | CPU cores, first third | "
                + "CPU cores, last third |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (ProcessSampler.Drift d : drifts) {
            text.append(String.format("| %s | %.0f MiB | %.0f MiB | %+.0f MiB | %.0f MiB | %.2f | %.2f |%n", d.process(),
                    d.rssWarmMib(), d.rssEndMib(), d.rssEndMib() - d.rssWarmMib(), d.rssMaxMib(), d.cpuCoresEarly(),
                    d.cpuCoresLate()));
        }
        text.append(String.format("%nWarm-up: the first %d minutes; thirds are of the time after it.%n",
                length.toMinutes() / 6));
        return text.toString();
    }
}

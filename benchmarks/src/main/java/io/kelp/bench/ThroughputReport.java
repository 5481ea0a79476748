package io.kelp.bench;

import io.kelp.testkit.measure.Machine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The throughput table (console and Markdown), the ratios to the peers and the goals of issue 3. */
final class ThroughputReport {

    static final double GOAL_WALL_RATIO_TO_KCAT = 1.0;
    static final double GOAL_CPU_PER_MILLION = 1.5;
    static final double GOAL_PEAK_RSS_MIB = 96;
    /** The agent's rows by name: the cold run from process start, and the warmed agent's second file. */
    static final String COLD = "Kelp agent";
    static final String STEADY = "Kelp agent, steady state";

    private final BenchInput input;
    private final List<PeerResult> results;
    private final String command;
    private final String loadAverages;

    ThroughputReport(BenchInput input, List<PeerResult> results, String command, String loadAverages) {
        this.input = input;
        this.results = results;
        this.command = command;
        this.loadAverages = loadAverages;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Throughput: ").append(String.format("%,d", input.lines()))
                .append(" lines to a local 4-partition topic, acks=all, lz4\n\n");
        md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Machine.describe()).append("; 1-minute load average when each run started: ")
                .append(loadAverages).append(".\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(String.format("Input: %,d lines, %.1f bytes per line on average (%.1f MB as a plain file; "
                        + "%.1f MB as the CRI container log the agent reads, same message bytes).%n%n", input.lines(),
                input.averageLineBytes(), (input.messageBytes() + input.lines()) / 1e6, input.criBytes() / 1e6));
        md.append("| shipper | version | wall s | CPU s | CPU-s per M lines | peak RSS MiB | lines in Kafka |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (PeerResult r : results) {
            md.append(String.format("| %s | %s | %.2f | %.2f | %.2f | %.1f | %,d |%n", r.name(), r.version(),
                    r.wallSeconds(), r.cpuSeconds(), r.cpuSecondsPerMillion(input.lines()), r.peakRssMib(), r.records()));
        }
        md.append('\n');
        ratios(md);
        goals(md);
        md.append("How each figure was taken:\n\n");
        for (PeerResult r : results) {
            md.append("- ").append(r.name()).append(": ").append(r.note()).append('\n');
        }
        return md.toString();
    }

    private void ratios(StringBuilder md) {
        if (find(COLD).isEmpty()) {
            return;
        }
        md.append("| ratio | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n");
        for (String variant : List.of(COLD, STEADY)) {
            Optional<PeerResult> agent = find(variant);
            String label = variant.equals(COLD) ? "agent" : "agent steady state";
            for (String peer : List.of("kcat", "rsyslog imfile→omkafka")) {
                find(peer).ifPresent(p -> agent.ifPresent(a -> md.append(String.format(
                        "| %s / %s | %.2f× | %.2f× | %.2f× |%n", label, p.name(), a.wallSeconds() / p.wallSeconds(),
                        a.cpuSeconds() / p.cpuSeconds(), a.peakRssMib() / p.peakRssMib()))));
            }
        }
        md.append('\n');
    }

    private void goals(StringBuilder md) {
        if (find(COLD).isEmpty()) {
            return;
        }
        md.append("| goal (issue 3) | measured | met |\n|---|---:|---|\n");
        for (String variant : List.of(COLD, STEADY)) {
            Optional<PeerResult> agent = find(variant);
            if (agent.isEmpty()) {
                continue;
            }
            PeerResult a = agent.get();
            String when = variant.equals(COLD) ? " (cold: from process start)" : " (steady state: warmed agent)";
            find("kcat").ifPresent(k -> goalRow(md, "agent wall ≤ 1.0× kcat" + when, a.wallSeconds() / k.wallSeconds(),
                    "%.2f×", GOAL_WALL_RATIO_TO_KCAT));
            goalRow(md, "≤ 1.5 CPU-s per million lines" + when, a.cpuSecondsPerMillion(input.lines()), "%.2f",
                    GOAL_CPU_PER_MILLION);
            goalRow(md, "peak RSS ≤ 96 MiB" + when, a.peakRssMib(), "%.1f MiB", GOAL_PEAK_RSS_MIB);
        }
        md.append('\n');
    }

    private static void goalRow(StringBuilder md, String goal, double value, String format, double limit) {
        md.append("| ").append(goal).append(" | ").append(String.format(format, value)).append(" | ")
                .append(value <= limit ? "yes" : "**no**").append(" |\n");
    }

    private Optional<PeerResult> find(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}

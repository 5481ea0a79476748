package io.kelp.e2e.reliability;

import io.kelp.e2e.Pipeline;
import io.kelp.testkit.measure.Machine;
import io.kelp.testkit.measure.MarkdownSections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The soak run (opt-in, {@code -Psoak}): the whole pipeline for 30 minutes at 5,000 lines/s into 20
 * files rotated kubelet-style at 10 MiB, reporting CPU and RSS drift of every process, consumer lag
 * and end-to-end latency (written → searchable); at the end every line must be searchable exactly
 * once. {@code kelp.soak.minutes} and {@code kelp.soak.rate} change the length and the rate;
 * {@code kelp.soak.docs=docs/benchmarks.md} writes the figures into that file's section {@code soak}.
 */
class SoakIT {

    private static final int FILES = 20;
    private static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int KEEP_ROTATED = 4;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private static final int PROBE_EVERY = 500;

    @TempDir
    Path work;

    @Test
    void thirtyMinutesAtFiveThousandLinesPerSecondLoseAndDuplicateNothing() throws Exception {
        assumeTrue(Boolean.getBoolean("kelp.soak"), "the soak runs only with -Psoak (-Dkelp.soak=true)");
        Duration length = Duration.ofMinutes(Long.getLong("kelp.soak.minutes", 30));
        double rate = Double.parseDouble(System.getProperty("kelp.soak.rate", "5000"));
        try (ReliabilityStack stack = ReliabilityStack.start(work)) {
            // A backlog built up over the run may take long to work off; it is reported, not cut short.
            ScenarioRun run = new ScenarioRun(stack, new Soak(length, rate)).settleAtMost(length);
            ProcessSampler sampler = new ProcessSampler();
            sampler.watch("agent", () -> stack.agent().pid());
            sampler.watch("transfer", () -> stack.transfer().pid());
            sampler.watch("operator", () -> stack.operator().pid());
            sampler.watch("Kafka broker", () -> stack.kafka().process().pid());
            sampler.watch("Elasticsearch", () -> stack.elasticsearch().process().pid());
            sampler.watch("etcd", () -> stack.etcd().process().pid());
            List<Long> lags = new ArrayList<>();
            try (LatencyProbe probe = new LatencyProbe(stack.es(), ReliabilityStack.COLLECTION.indexPattern(),
                    PROBE_EVERY)) {
                Soak soak = (Soak) run.scenario();
                soak.observe(probe, () -> {
                    sampler.sample();
                    try {
                        lags.add(ConsumerLag.of(stack.kafka().admin(), ReliabilityStack.COLLECTION.consumerGroup(),
                                ReliabilityStack.COLLECTION.topic()));
                    } catch (RuntimeException e) {
                        System.out.println("soak: lag not sampled: " + e);
                    }
                });
                run.execute();
                Accounting accounting = Accounting.of(run.logs(), DocumentTally.of(stack.es(),
                        ReliabilityStack.COLLECTION.indexPattern(), run.stream()));
                SoakReport report = new SoakReport(length, rate, run, accounting, sampler.drifts(length.toSeconds() / 6.0),
                        lags, SAMPLE_EVERY, probe, Machine.describe() + ", load " + Machine.loadAverage());
                String markdown = report.markdown();
                System.out.println(markdown);
                String docs = System.getProperty("kelp.soak.docs", "");
                if (!docs.isBlank()) {
                    MarkdownSections.update(Pipeline.findRepositoryRoot().resolve(docs), "soak", markdown);
                }
                assertThat(accounting.clean()).as("soak: %s", accounting.describe()).isTrue();
            }
        }
    }

    /** Steady writing with size-based rotation; an observer runs every {@link #SAMPLE_EVERY}. */
    static final class Soak implements Scenario {

        private final Duration length;
        private final double rate;
        private SteadyWriter.Listener listener = (log, first, count, millis) -> { };
        private Runnable every = () -> { };

        Soak(Duration length, double rate) {
            this.length = length;
            this.rate = rate;
        }

        void observe(SteadyWriter.Listener written, Runnable sampling) {
            this.listener = written;
            this.every = sampling;
        }

        @Override
        public String name() {
            return "soak";
        }

        @Override
        public String fault() {
            return String.format("%d min at %,.0f lines/s into %d files, rotated at %d MiB", length.toMinutes(), rate,
                    FILES, ROTATE_BYTES >> 20);
        }

        @Override
        public void run(ScenarioRun run) {
            List<ContainerLog> logs = run.newLogs(FILES);
            long end = System.nanoTime() + length.toNanos();
            long nextSample = System.nanoTime();
            try (SteadyWriter writer = SteadyWriter.start(logs, rate, listener)) {
                while (System.nanoTime() < end) {
                    logs.forEach(log -> log.rotateWhenLarger(ROTATE_BYTES, KEEP_ROTATED));
                    if (System.nanoTime() >= nextSample) {
                        every.run();
                        nextSample += SAMPLE_EVERY.toNanos();
                    }
                    Waiting.sleep(Duration.ofSeconds(1));
                }
            }
        }
    }
}

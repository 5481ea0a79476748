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

/**
 * Issue 7's suite: the whole pipeline (operator, agent, transfer as processes) on real Kafka, etcd
 * and Elasticsearch; every fault is a scenario writing lines with unique markers; at the end every
 * scenario's Elasticsearch documents are counted per marker, and nothing may be lost or duplicated.
 *
 * <p>CI runs the short size; {@code -Preliability-full} the numbers. With
 * {@code -Dkelp.reliability.docs=docs/reliability.md} the table is written into that file's
 * generated section {@code reliability}.
 */
class ReliabilityIT {

    private static final String ONLY = "kelp.reliability.only";

    @TempDir
    Path work;

    @Test
    void everyFaultEndsWithEveryLineSearchableExactlyOnce() throws Exception {
        SuiteSize size = SuiteSize.fromSystemProperty();
        long start = System.nanoTime();
        List<ScenarioRun> runs = new ArrayList<>();
        List<ReliabilityReport.Row> rows = new ArrayList<>();
        try (ReliabilityStack stack = ReliabilityStack.start(work)) {
            System.out.printf("reliability (%s): stack up after %.0f s%n", size.name(), (System.nanoTime() - start) / 1e9);
            for (Scenario scenario : selected(scenarios(size))) {
                ScenarioRun run = new ScenarioRun(stack, scenario);
                run.execute();
                runs.add(run);
                System.out.printf("reliability (%s): %s done (%d s + %d s to settle), %,d lines%n", size.name(),
                        scenario.name(), run.faultTime().toSeconds(), run.settleTime().toSeconds(), run.written());
            }
            // Counted once all faults are over, so a late duplicate of an early scenario is still seen.
            for (ScenarioRun run : runs) {
                rows.add(new ReliabilityReport.Row(run, Accounting.of(run.logs(),
                        DocumentTally.of(stack.es(), ReliabilityStack.COLLECTION.indexPattern(), run.stream()))));
            }
            ReliabilityReport report = new ReliabilityReport(size, rows,
                    Duration.ofNanos(System.nanoTime() - start), Machine.describe() + ", load " + Machine.loadAverage());
            String markdown = report.markdown();
            System.out.println(markdown);
            writeDocs(markdown);
            StringBuilder failures = new StringBuilder();
            for (ReliabilityReport.Row row : rows) {
                if (!row.accounting().clean()) {
                    failures.append(row.run().scenario().name()).append(" (stream ").append(row.run().stream())
                            .append("): ").append(row.accounting().describe()).append('\n');
                }
            }
            assertThat(failures.toString()).as("scenarios with lost or duplicated lines\n%s",
                    stack.componentOutput()).isEmpty();
        }
    }

    static List<Scenario> scenarios(SuiteSize size) {
        return List.of(
                new BadInput(size.partialMessages(), size.linesPerSecond()),
                new MalformedCollections(size.malformedCollections(), size.linesPerSecond()),
                new ProcessKills(ProcessKills.Target.AGENT, size.agentKills(), size.killGap(), size.linesPerSecond()),
                new ProcessKills(ProcessKills.Target.TRANSFER, size.transferKills(), size.killGap(),
                        size.linesPerSecond()),
                new KafkaRestarts(size.kafkaRestarts(), size.killGap(), size.linesPerSecond()),
                new ServerOutage(ServerOutage.Server.ELASTICSEARCH, size.elasticsearchOutage(), size.linesPerSecond()),
                new ServerOutage(ServerOutage.Server.ETCD, size.etcdOutage(), size.linesPerSecond()),
                new RotationStorm(size.stormFiles(), size.stormTime(), size.stormLinesPerSecond()));
    }

    /** {@code kelp.reliability.only=storm,etcd}: only scenarios whose name contains one of these (to debug one). */
    private static List<Scenario> selected(List<Scenario> all) {
        String only = System.getProperty(ONLY, "");
        if (only.isBlank()) {
            return all;
        }
        List<String> wanted = List.of(only.toLowerCase(java.util.Locale.ROOT).split(","));
        return all.stream().filter(s -> wanted.stream().anyMatch(w -> s.name().toLowerCase(java.util.Locale.ROOT)
                .contains(w.strip()))).toList();
    }

    /**
     * {@code kelp.reliability.docs}: a Markdown file (relative to the checkout) whose section is
     * replaced; only by a run of every scenario.
     */
    private static void writeDocs(String markdown) throws java.io.IOException {
        String docs = System.getProperty("kelp.reliability.docs", "");
        if (!docs.isBlank() && System.getProperty(ONLY, "").isBlank()) {
            Path file = Pipeline.findRepositoryRoot().resolve(docs);
            MarkdownSections.update(file, "reliability", markdown);
            System.out.println("reliability table written to " + file);
        }
    }
}

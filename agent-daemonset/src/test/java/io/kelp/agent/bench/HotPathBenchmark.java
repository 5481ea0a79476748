package io.kelp.agent.bench;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.record.SourceFields;
import io.kelp.agent.ship.RecordSender;
import io.kelp.agent.tail.AckTracker;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.tail.FileTail;
import io.kelp.agent.tail.TailOpener;
import io.kelp.agent.tail.TailSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.LogFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The agent's per-line path without Kafka: read, frame, parse CRI, encode ECS JSON, build the key,
 * track the ack. Prints ns per line and MB/s, so a regression in the hot path shows without any
 * server. Run: {@code java -cp <test classpath> io.kelp.agent.bench.HotPathBenchmark [lines]}.
 */
public final class HotPathBenchmark {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Files.createTempDirectory("kelp-hotpath");
        Path file = work.resolve("0.log");
        long bytes = ShipBenchmark.writeLines(file, lines);
        RecordSender sink = new RecordSender() {
            long valueBytes;

            @Override
            public void send(String topic, byte[] key, byte[] value, long timestampMillis, int events,
                             AckTracker tracker, long seq) {
                valueBytes += value.length + key.length;
                tracker.acknowledge(seq);
            }

            @Override
            public long inFlightBytes() {
                return 0;
            }
        };
        CollectionRef ref = new CollectionRef("bench", "hot");
        SourceFields fields = new SourceFields(ref.toString(), file.toString(), "node-1", "bench", "web-1", "uid-1",
                "app", "node-1", Map.of("app", "web", "app.kubernetes.io/name", "web"));
        for (int round = 0; round < 5; round++) {
            AgentCounters counters = new AgentCounters();
            TailOpener opener = new TailOpener("node-1", new CheckpointStore(work.resolve("state-" + round)), counters);
            long start = System.nanoTime();
            long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            try (FileTail tail = opener.open(new TailSpec(ref, ref.topic(), file, LogFormat.CRI, 256 * 1024, false,
                    null, false), fields)) {
                while (tail.poll(sink, 1 << 20) > 0) {
                    // read to the end
                }
            }
            long nanos = System.nanoTime() - start;
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("round %d: %d events, %.0f ns/line wall, %.0f ns/line CPU, %.0f MB/s read, %d invalid%n",
                    round, counters.linesRead.sum(), (double) nanos / lines, (double) cpu / lines,
                    bytes / (nanos / 1e9) / 1e6, counters.linesMalformed.sum());
        }
    }
}

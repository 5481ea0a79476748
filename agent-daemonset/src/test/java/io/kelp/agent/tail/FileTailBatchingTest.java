package io.kelp.agent.tail;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.record.SourceFields;
import io.kelp.agent.ship.RecordSender;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.EventBatchRecords;
import io.kelp.contract.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a tail packs the lines it reads into records: many per record, none left waiting after a poll. */
class FileTailBatchingTest {

    @TempDir
    Path dir;

    private final CollectionRef collection = new CollectionRef("shop", "web");
    private final AgentCounters counters = new AgentCounters();

    /** Keeps what was sent; acknowledges only when told to, like a slow Kafka. */
    private static final class Captured implements RecordSender {
        final List<byte[]> values = new ArrayList<>();
        final List<Integer> events = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        AckTracker tracker;

        @Override
        public void send(String topic, byte[] key, byte[] value, long timestampMillis, int eventCount,
                         AckTracker ackTracker, long seq) {
            values.add(value);
            events.add(eventCount);
            seqs.add(seq);
            tracker = ackTracker;
        }

        @Override
        public long inFlightBytes() {
            return 0;
        }

        void acknowledgeAll() {
            seqs.forEach(tracker::acknowledge);
            seqs.clear();
        }

        int eventLines() {
            return values.stream().mapToInt(value -> EventBatchRecords.documents(value).size()).sum();
        }
    }

    private FileTail open(Path file) throws Exception {
        TailOpener opener = new TailOpener("node-1", new CheckpointStore(dir.resolve("state")), counters);
        SourceFields fields = new SourceFields(collection.toString(), file.toString(), "node-1", "shop", "web-1",
                "uid-1", "app", "node-1", Map.of("app", "web"));
        return opener.open(new TailSpec(collection, collection.topic(), file, LogFormat.CRI, 16 * 1024, false, null,
                false), fields);
    }

    private static void append(Path file, int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append("2026-11-21T10:00:00.").append(String.format("%06d", i))
                    .append("Z stdout F GET /api/v1/orders?page=").append(i).append(" HTTP/1.1 200 512 rt=0.012\n");
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void linesOfOnePollTravelManyPerRecordAndNoneIsLeftWaitingForTheNextPoll() throws Exception {
        Path file = dir.resolve("0.log");
        append(file, 0, 2_000);
        Captured sender = new Captured();
        try (FileTail tail = open(file)) {
            tail.poll(sender, 1 << 20);

            assertThat(sender.events.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
            assertThat(sender.eventLines()).isEqualTo(2_000);
            assertThat(sender.values).hasSizeLessThan(2_000 / 50);
            assertThat(sender.values).allSatisfy(value ->
                    assertThat(value.length).isLessThanOrEqualTo(FileTail.MAX_RECORD_VALUE_BYTES));

            append(file, 2_000, 2_001);
            tail.poll(sender, 1 << 20);
            assertThat(sender.eventLines()).as("a single new line is shipped by the poll that read it").isEqualTo(2_001);
        }
    }

    @Test
    void checkpointCoversARecordOnlyOnceItIsAcknowledgedAndCountsEveryEvent() throws Exception {
        Path file = dir.resolve("0.log");
        append(file, 0, 500);
        Captured sender = new Captured();
        try (FileTail tail = open(file)) {
            tail.poll(sender, 1 << 20);
            assertThat(tail.committedOffset()).isZero();
            assertThat(tail.inFlight()).isEqualTo(sender.values.size());

            sender.acknowledgeAll();

            assertThat(tail.committedOffset()).isEqualTo(Files.size(file));
            assertThat(counters.collections.shipped(collection).sum()).isEqualTo(500);
        }
    }
}

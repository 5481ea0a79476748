package io.kelp.agent.record;

import io.kelp.testkit.EventBatchRecords;
import io.kelp.contract.RecordId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventBatchWriterTest {

    private static final long SOURCE = 0x0be7c4L;
    private static final long NOON = Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();
    private static final byte[] SHARED = "{\"host.name\":\"n1\"}".getBytes(StandardCharsets.UTF_8);

    private final EventBatchWriter batch = new EventBatchWriter(1024);

    /** Encodes an event object with {@code message} into the writer's next-event buffer. */
    private void encode(String message) {
        batch.nextEvent().raw(("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Each event as "id document", in order. */
    private static List<String> read(byte[] value) {
        List<String> lines = new ArrayList<>();
        EventBatchRecords.documents(value).forEach((id, document) -> lines.add(id + " " + document));
        return lines;
    }

    @Test
    void eventsOfOneRecordCarryTheirOwnIdsAndTheSharedFieldsOnce() {
        for (int i = 0; i < 3; i++) {
            encode("line " + i);
            assertThat(batch.needsNewRecord(SHARED, NOON + i)).isFalse();
            batch.append(SHARED, SOURCE, 100L * i, 100L * i + 99, NOON + i);
        }

        byte[] value = batch.value();
        assertThat(new String(value, StandardCharsets.UTF_8)).containsOnlyOnce("host.name");
        assertThat(read(value)).containsExactly(
                RecordId.of(SOURCE, 0) + " {\"message\":\"line 0\",\"host.name\":\"n1\"}",
                RecordId.of(SOURCE, 100) + " {\"message\":\"line 1\",\"host.name\":\"n1\"}",
                RecordId.of(SOURCE, 200) + " {\"message\":\"line 2\",\"host.name\":\"n1\"}");
        assertThat(new String(batch.key(), StandardCharsets.UTF_8)).isEqualTo(RecordId.of(SOURCE, 0));
        assertThat(batch.events()).isEqualTo(3);
        assertThat(batch.timestampMillis()).isEqualTo(NOON);
        assertThat(batch.resumeOffset()).isEqualTo(299);
    }

    @Test
    void eventOfAnotherUtcDayStartsANewRecord() {
        encode("before midnight");
        batch.append(SHARED, SOURCE, 0, 10, NOON);
        encode("after midnight");

        assertThat(batch.needsNewRecord(SHARED, NOON + 12 * 3_600_000L)).isTrue();
        assertThat(batch.needsNewRecord(SHARED, NOON + 12 * 3_600_000L - 1)).isFalse();
    }

    @Test
    void changedSharedFieldsStartANewRecord() {
        encode("x");
        batch.append(SHARED, SOURCE, 0, 10, NOON);
        encode("y");

        assertThat(batch.needsNewRecord("{\"host.name\":\"n1\",\"labels\":{}}".getBytes(StandardCharsets.UTF_8),
                NOON)).isTrue();
    }

    @Test
    void eventThatWouldPassTheLimitStartsANewRecordAndAHugeOneGetsARecordAlone() {
        encode("a".repeat(600));
        assertThat(batch.needsNewRecord(SHARED, NOON)).as("an empty record takes anything").isFalse();
        batch.append(SHARED, SOURCE, 0, 700, NOON);
        assertThat(batch.isFull()).isFalse();

        encode("b".repeat(600));
        assertThat(batch.needsNewRecord(SHARED, NOON)).isTrue();

        batch.clear();
        encode("c".repeat(5_000));
        assertThat(batch.needsNewRecord(SHARED, NOON)).isFalse();
        batch.append(SHARED, SOURCE, 700, 5_800, NOON);
        assertThat(batch.isFull()).isTrue();
        assertThat(read(batch.value())).hasSize(1);
    }

    @Test
    void clearedWriterStartsTheNextRecordWithTheSharedFieldsAgain() {
        encode("first");
        batch.append(SHARED, SOURCE, 0, 10, NOON);
        batch.clear();
        assertThat(batch.isEmpty()).isTrue();

        encode("second");
        batch.append(SHARED, SOURCE, 10, 20, NOON);

        assertThat(read(batch.value())).containsExactly(
                RecordId.of(SOURCE, 10) + " {\"message\":\"second\",\"host.name\":\"n1\"}");
        assertThat(new String(batch.key(), StandardCharsets.UTF_8)).isEqualTo(RecordId.of(SOURCE, 10));
    }
}

package io.kelp.transfer.pipeline;

import io.kelp.contract.EventBatch;
import io.kelp.transfer.bulk.BulkBody;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BatcherTest {

    private static final long T = 1_763_700_000_000L;
    private static final String SHARED = "{\"host.name\":\"n1\"}";

    static TransferSettings settings(int maxDocs, int maxBytes) {
        TransferSettings d = TransferSettings.defaults();
        return new TransferSettings(maxBytes, maxDocs, Duration.ofMillis(200), 2, d.maxInFlightBytes(),
                d.commitInterval(), d.revokeTimeout(), d.shutdownTimeout(), d.backoffInitial(), d.backoffMax());
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, String value, long ts) {
        return new ConsumerRecord<>("kelp.shop.web", partition, offset, ts, TimestampType.CREATE_TIME,
                0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
    }

    /** A record of the event-batch layout: the shared object line, then one line per event. */
    static ConsumerRecord<byte[], byte[]> events(int partition, long offset, long ts, String... lines) {
        ConsumerRecord<byte[], byte[]> r = record(partition, offset, "k" + offset,
                SHARED + "\n" + String.join("\n", lines) + "\n", ts);
        r.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
        return r;
    }

    /** The NDJSON the batch's documents make, one string per document (action line and document). */
    static List<String> bulkLines(Batch batch) {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < batch.size(); d++) {
            BulkBody body = new BulkBody(64);
            batch.writeTo(body, d);
            out.add(body.toUtf8());
        }
        return out;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void sealsAtTheDocumentLimitWithOffsetRangesPerPartition() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "kelp-shop_web_");
        assertThat(batcher.add(record(0, 10, "a", "{}", T), 0)).isNull();
        assertThat(batcher.add(record(1, 5, "b", "{}", T), 0)).isNull();
        Batch sealed = batcher.add(record(0, 11, "c", "{}", T), 0);
        assertThat(sealed).isNotNull();
        assertThat(sealed.size()).isEqualTo(3);
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 0))).containsExactly(10, 11);
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 1))).containsExactly(5, 5);
    }

    @Test
    void sealsAtTheByteLimit() {
        Batcher batcher = new Batcher(settings(1000, 300), "p_");
        assertThat(batcher.add(record(0, 0, "a", "x".repeat(100), T), 0)).isNull();
        assertThat(batcher.add(record(0, 1, "a", "x".repeat(100), T), 0)).isNotNull();
    }

    @Test
    void sealsAfterTheLingerTime() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        batcher.add(record(0, 0, "a", "{}", T), 0);
        assertThat(batcher.sealIfLingered(Duration.ofMillis(199).toNanos())).isNull();
        assertThat(batcher.sealIfLingered(Duration.ofMillis(200).toNanos())).isNotNull();
        assertThat(batcher.nanosUntilLingered(0)).isEqualTo(-1);
    }

    @Test
    void deadLettersWholeRecordsThatCannotBeSent() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "p_");
        batcher.add(record(0, 0, null, "{}", T), 0);
        batcher.add(record(0, 1, "k", null, T), 0);
        Batch sealed = batcher.add(record(0, 2, "k", "{\"m\":1}", -1), 0);

        assertThat(sealed.size()).isZero();
        assertThat(sealed.refused).extracting(l -> l.error().errorType())
                .containsExactly("invalid_record_key", "empty_document", "invalid_timestamp");
        assertThat(utf8(sealed.refused.get(2).value())).isEqualTo("{\"m\":1}");
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 0))).containsExactly(0, 2);
    }

    @Test
    void discardsUnsentRecordsOfRevokedPartitions() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "p_");
        batcher.add(record(0, 0, "a", "{}", T), 0);
        batcher.add(record(1, 0, "b", "{}", T), 0);
        batcher.discard(List.of(new TopicPartition("kelp.shop.web", 0)));
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);
        assertThat(sealed.size()).isEqualTo(1);
        assertThat(sealed.recordOf(0).partition()).isEqualTo(1);
        assertThat(sealed.ranges).containsOnlyKeys(new TopicPartition("kelp.shop.web", 1));
    }

    @Test
    void newIndexPrefixAppliesToRecordsAddedAfterwards() {
        Batcher batcher = new Batcher(settings(2, 1 << 20), "old_");
        batcher.add(record(0, 0, "a", "{}", T), 0);
        batcher.indexPrefix("new_");
        Batch sealed = batcher.add(record(0, 1, "b", "{}", T), 0);
        assertThat(utf8(sealed.actionOf(0))).contains("\"old_2025");
        assertThat(utf8(sealed.actionOf(1))).contains("\"new_2025");
    }

    @Test
    void eachEventOfAnEventBatchIsADocumentWithItsIdAndTheSharedFieldsMerged() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        batcher.add(events(0, 7, T, "id-1 {\"message\":\"one\"}", "id-2 {\"message\":\"two\"}"), 0);
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(bulkLines(sealed)).containsExactly(
                "{\"index\":{\"_index\":\"p_2025.11.21\",\"_id\":\"id-1\"}}\n{\"message\":\"one\",\"host.name\":\"n1\"}\n",
                "{\"index\":{\"_index\":\"p_2025.11.21\",\"_id\":\"id-2\"}}\n{\"message\":\"two\",\"host.name\":\"n1\"}\n");
        assertThat(sealed.refused).isEmpty();
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 0))).containsExactly(7, 7);
    }

    @Test
    void recordsWithoutTheLayoutHeaderStayOneDocumentKeyedByTheRecordKey() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        batcher.add(record(0, 0, "rec-1", SHARED + "\nid-1 {\"message\":\"one\"}", T), 0);
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(bulkLines(sealed)).containsExactly("{\"index\":{\"_index\":\"p_2025.11.21\",\"_id\":\"rec-1\"}}\n"
                + SHARED + " id-1 {\"message\":\"one\"}\n");
    }

    @Test
    void malformedEventLineIsDeadLetteredWithTheRecordKeyAndItsSiblingsAreSent() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        batcher.add(events(0, 3, T, "id-1 {\"message\":\"one\"}", "no-space-here", "id-3 {\"message\":\"three\"}"), 0);
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(sealed.size()).isEqualTo(2);
        assertThat(sealed.refused).hasSize(1);
        DeadLetters.Letter letter = sealed.refused.get(0);
        assertThat(utf8(letter.key())).isEqualTo("k3");
        assertThat(utf8(letter.value())).isEqualTo("no-space-here");
        assertThat(letter.error().errorType()).isEqualTo("malformed_event");
        assertThat(letter.error().errorReason()).contains("without a space");
        assertThat(letter.source().offset()).isEqualTo(3);
    }

    @Test
    void eventBatchWhoseFirstLineIsNoObjectIsDeadLetteredWhole() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        ConsumerRecord<byte[], byte[]> unusable = record(0, 4, "k4", "id-1 {\"message\":\"one\"}\n", T);
        unusable.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
        ConsumerRecord<byte[], byte[]> empty = record(0, 5, "k5", null, T);
        empty.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
        batcher.add(unusable, 0);
        batcher.add(empty, 0);
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(sealed.size()).isZero();
        assertThat(sealed.refused).extracting(l -> l.error().errorType())
                .containsExactly("malformed_event_batch", "malformed_event_batch");
        assertThat(sealed.refused.get(0).key()).isSameAs(unusable.key());
        assertThat(sealed.refused.get(0).value()).isSameAs(unusable.value());
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 0))).containsExactly(4, 5);
    }

    @Test
    void eventBatchWithATimestampThatNamesNoIndexIsDeadLetteredWhole() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        ConsumerRecord<byte[], byte[]> record = events(0, 0, -1, "id-1 {}", "id-2 {}");
        batcher.add(record, 0);
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(sealed.size()).isZero();
        assertThat(sealed.refused).singleElement().satisfies(l -> {
            assertThat(l.error().errorType()).isEqualTo("invalid_timestamp");
            assertThat(l.value()).isSameAs(record.value());
        });
    }

    @Test
    void aRecordIsNeverSplitAcrossBatchesSoABatchMayExceedTheLimitByOneRecord() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "p_");
        assertThat(batcher.add(events(0, 0, T, "a-1 {}", "a-2 {}"), 0)).isNull();
        Batch sealed = batcher.add(events(0, 1, T, "b-1 {}", "b-2 {}", "b-3 {}"), 0);

        assertThat(sealed.size()).isEqualTo(5);
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 0))).containsExactly(0, 1);
        assertThat(batcher.nanosUntilLingered(0)).as("nothing left open").isEqualTo(-1);
    }

    @Test
    void byteLimitCountsTheMergedDocumentsNotTheSmallerRecordValue() {
        String bigShared = "{\"shared\":\"" + "s".repeat(200) + "\"}";
        ConsumerRecord<byte[], byte[]> record = record(0, 0, "k", bigShared + "\na-1 {}\na-2 {}\n", T);
        record.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
        // the value is ~230 bytes, its two documents ~430
        Batcher batcher = new Batcher(settings(1000, 400), "p_");

        assertThat(batcher.add(record, 0)).isNotNull();
    }

    @Test
    void discardOnRevokeDropsWholeEventBatchesOfThatPartitionAndKeepsTheOthersIntact() {
        Batcher batcher = new Batcher(settings(1000, 1 << 20), "p_");
        batcher.add(events(0, 0, T, "a-1 {\"m\":1}", "bad line"), 0);
        batcher.add(events(1, 0, T, "b-1 {\"m\":1}", "b-2 {\"m\":2}"), 0);
        batcher.add(events(0, 1, T, "c-1 {\"m\":1}"), 0);
        batcher.add(events(1, 1, T, "bad line too"), 0);

        batcher.discard(List.of(new TopicPartition("kelp.shop.web", 0)));
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);

        assertThat(bulkLines(sealed)).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"_id\":\"b-"));
        assertThat(sealed.refused).singleElement().satisfies(l -> assertThat(l.source().partition()).isEqualTo(1));
        assertThat(sealed.ranges).containsOnlyKeys(new TopicPartition("kelp.shop.web", 1));
        assertThat(sealed.ranges.get(new TopicPartition("kelp.shop.web", 1))).containsExactly(0, 1);

        batcher.add(events(1, 2, T, "d-1 {}"), 0);
        batcher.discard(List.of(new TopicPartition("kelp.shop.web", 1)));
        assertThat(batcher.sealIfLingered(Long.MAX_VALUE / 2)).as("nothing left").isNull();
    }
}

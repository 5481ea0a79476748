package io.kelp.transfer.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatcherTest {

    private static final long T = 1_763_700_000_000L;

    private static TransferSettings settings(int maxDocs, int maxBytes) {
        TransferSettings d = TransferSettings.defaults();
        return new TransferSettings(maxBytes, maxDocs, Duration.ofMillis(200), 2, d.maxInFlightBytes(),
                d.commitInterval(), d.revokeTimeout(), d.shutdownTimeout(), d.backoffInitial(), d.backoffMax());
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, String value, long ts) {
        return new ConsumerRecord<>("kelp.shop.web", partition, offset, ts, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
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
    void marksRecordsThatCannotBeSentWithTheirProblem() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "p_");
        batcher.add(record(0, 0, null, "{}", T), 0);
        batcher.add(record(0, 1, "k", null, T), 0);
        Batch sealed = batcher.add(record(0, 2, "k", "{}", -1), 0);
        assertThat(sealed.problems).extracting(p -> p.errorType())
                .containsExactly("invalid_record_key", "empty_document", "invalid_timestamp");
        assertThat(sealed.actions).containsOnlyNulls();
    }

    @Test
    void discardsUnsentRecordsOfRevokedPartitions() {
        Batcher batcher = new Batcher(settings(3, 1 << 20), "p_");
        batcher.add(record(0, 0, "a", "{}", T), 0);
        batcher.add(record(1, 0, "b", "{}", T), 0);
        batcher.discard(List.of(new TopicPartition("kelp.shop.web", 0)));
        Batch sealed = batcher.sealIfLingered(Long.MAX_VALUE / 2);
        assertThat(sealed.records).extracting(ConsumerRecord::partition).containsExactly(1);
        assertThat(sealed.ranges).containsOnlyKeys(new TopicPartition("kelp.shop.web", 1));
    }

    @Test
    void newIndexPrefixAppliesToRecordsAddedAfterwards() {
        Batcher batcher = new Batcher(settings(2, 1 << 20), "old_");
        batcher.add(record(0, 0, "a", "{}", T), 0);
        batcher.indexPrefix("new_");
        Batch sealed = batcher.add(record(0, 1, "b", "{}", T), 0);
        assertThat(new String(sealed.actions.get(0), StandardCharsets.UTF_8)).contains("\"old_2025");
        assertThat(new String(sealed.actions.get(1), StandardCharsets.UTF_8)).contains("\"new_2025");
    }
}

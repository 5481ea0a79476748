package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.kafka.KafkaDeadLetters;
import io.kelp.transfer.pipeline.TransferMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents Elasticsearch refuses, and records or event lines that cannot be indexed, go to
 * {@code <topic>.dlq} with their error; the partition moves on.
 */
class DeadLetterIT {

    @Test
    void poisonDocumentsGoToTheDeadLetterTopicAndTheRestIsIndexed() {
        CollectionRef ref = Fixture.newCollection("poison");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        Fixture.produce(ref, 0, 50, seq -> Fixture.DAY_ONE);
        Fixture.produceRaw(ref, Fixture.recordId(1000), "{\"message\": \"cut off", Fixture.DAY_ONE);
        Fixture.produceRaw(ref, Fixture.recordId(1001), "{\"seq\":\"not a number\"}", Fixture.DAY_ONE);
        Fixture.produce(ref, 50, 100, seq -> Fixture.DAY_ONE);

        try (TransferRuntime ignored = new TransferRuntime(ref, Fixture.endpoints(), Fixture.settings(),
                TransferMetrics.NONE).start()) {
            await("100 good documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 100);
            await("everything committed", Duration.ofSeconds(30), () -> committed(ref) == 102);
        }

        List<ConsumerRecord<byte[], byte[]>> letters = readAll(KafkaDeadLetters.topicFor(ref.topic()), 2);
        assertThat(letters).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly(Fixture.recordId(1000), Fixture.recordId(1001));
        assertThat(header(letters.get(0), KafkaDeadLetters.ERROR_STATUS)).isEqualTo("400");
        assertThat(header(letters.get(0), KafkaDeadLetters.ERROR_TYPE)).endsWith("parsing_exception");
        assertThat(header(letters.get(1), KafkaDeadLetters.ERROR_TYPE)).endsWith("parsing_exception");
        assertThat(header(letters.get(1), KafkaDeadLetters.ERROR_REASON)).contains("seq");
        assertThat(header(letters.get(0), KafkaDeadLetters.SOURCE_OFFSET)).isEqualTo("50");
        assertThat(new String(letters.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":\"not a number\"}");
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo(99L * 100 / 2);
    }

    @Test
    void poisonEventAndMalformedLineOfAnEventBatchAreDeadLetteredAndTheirSiblingsIndexed() {
        CollectionRef ref = Fixture.newCollection("poison-events");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        long ts = Fixture.DAY_ONE;
        // first a clean batch, so that "seq" is mapped as a number before the poison arrives
        long cleanRecords = Fixture.produceEvents(ref, 0, 20, seq -> ts);
        String poisonId = Fixture.recordId(1000);
        String poison = "{\"message\":\"poison\",\"seq\":\"not a number\"}";
        String value = Fixture.SHARED_FIELDS + "\n"
                + Fixture.recordId(20) + " " + Fixture.document(20, ts) + "\n"
                + poisonId + " " + poison + "\n"
                + "a-line-the-agent-never-writes\n"
                + Fixture.recordId(21) + " " + Fixture.document(21, ts) + "\n";
        Fixture.produceRawEventBatch(ref, "batch-key", value, ts);

        try (TransferRuntime ignored = new TransferRuntime(ref, Fixture.endpoints(), Fixture.settings(),
                TransferMetrics.NONE).start()) {
            await("22 good documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 22);
            await("everything committed", Duration.ofSeconds(30), () -> committed(ref) == cleanRecords + 1);
        }

        List<ConsumerRecord<byte[], byte[]>> letters = readAll(KafkaDeadLetters.topicFor(ref.topic()), 2);
        assertThat(letters).hasSize(2);
        ConsumerRecord<byte[], byte[]> line = letters.stream()
                .filter(l -> "malformed_event".equals(header(l, KafkaDeadLetters.ERROR_TYPE))).findFirst().orElseThrow();
        assertThat(new String(line.key(), StandardCharsets.UTF_8)).isEqualTo("batch-key");
        assertThat(new String(line.value(), StandardCharsets.UTF_8)).isEqualTo("a-line-the-agent-never-writes");
        assertThat(header(line, KafkaDeadLetters.ERROR_REASON)).contains("without a space");
        assertThat(header(line, KafkaDeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(cleanRecords));
        ConsumerRecord<byte[], byte[]> refused = letters.stream().filter(l -> l != line).findFirst().orElseThrow();
        assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo(poisonId);
        assertThat(new String(refused.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"poison\",\"seq\":\"not a number\"," + Fixture.SHARED_FIELDS.substring(1));
        assertThat(header(refused, KafkaDeadLetters.ERROR_STATUS)).isEqualTo("400");
        assertThat(header(refused, KafkaDeadLetters.ERROR_TYPE)).endsWith("parsing_exception");
        assertThat(header(refused, KafkaDeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(cleanRecords));
        assertThat(refused.timestamp()).isEqualTo(ts);
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo(21L * 22 / 2);
    }

    @Test
    void eventBatchRecordWhoseValueIsNoEventBatchIsDeadLetteredWhole() {
        CollectionRef ref = Fixture.newCollection("unusable-batch");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        Fixture.produceRawEventBatch(ref, "k", "not json at all", Fixture.DAY_ONE);
        long good = Fixture.produceEvents(ref, 0, 10, seq -> Fixture.DAY_ONE);

        try (TransferRuntime ignored = new TransferRuntime(ref, Fixture.endpoints(), Fixture.settings(),
                TransferMetrics.NONE).start()) {
            await("10 good documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 10);
            await("everything committed", Duration.ofSeconds(30), () -> committed(ref) == good + 1);
        }

        List<ConsumerRecord<byte[], byte[]>> letters = readAll(KafkaDeadLetters.topicFor(ref.topic()), 1);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(new String(l.key(), StandardCharsets.UTF_8)).isEqualTo("k");
            assertThat(new String(l.value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
            assertThat(header(l, KafkaDeadLetters.ERROR_TYPE)).isEqualTo("malformed_event_batch");
            assertThat(header(l, KafkaDeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        });
    }

    private static long committed(CollectionRef ref) {
        try {
            var offset = KelpServers.kafka().admin().listConsumerGroupOffsets(ref.consumerGroup())
                    .partitionsToOffsetAndMetadata().get().get(new TopicPartition(ref.topic(), 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KelpServers.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // a little longer, so that extra letters would be seen
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }
}

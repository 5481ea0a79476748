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

/** Documents Elasticsearch refuses go to {@code <topic>.dlq} with their error; the partition moves on. */
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

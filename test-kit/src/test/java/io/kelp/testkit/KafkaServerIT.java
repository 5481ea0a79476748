package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaServerIT {

    private final KafkaServer kafka = KelpServers.kafka();

    @Test
    void deliversAProducedRecordToAConsumer() throws Exception {
        kafka.createTopic("testkit.roundtrip", 3);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("testkit.roundtrip", "key-1", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = consumer("testkit-roundtrip")) {
            consumer.subscribe(List.of("testkit.roundtrip"));
            List<ConsumerRecord<String, String>> received = pollAtLeast(consumer, 1, Duration.ofSeconds(30));
            assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("key-1", "hello"));
        }
    }

    @Test
    void createTopicMakesTheRequestedPartitionsAndToleratesAnExistingTopic() throws Exception {
        kafka.createTopic("testkit.partitions", 4);
        kafka.createTopic("testkit.partitions", 4);
        var description = kafka.admin().describeTopics(List.of("testkit.partitions"))
                .allTopicNames().get().get("testkit.partitions");
        assertThat(description.partitions()).hasSize(4);
    }

    @Test
    void doesNotAutoCreateTopicsLikeProduction() {
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("testkit.never-created", "x")).get())
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void commitsTransactionsOnASingleNode() throws Exception {
        kafka.createTopic("testkit.tx", 1);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("testkit.tx", "k", "committed"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = consumer("testkit-tx")) {
            consumer.subscribe(List.of("testkit.tx"));
            assertThat(pollAtLeast(consumer, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
                    .containsExactly("committed");
        }
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count,
            Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}

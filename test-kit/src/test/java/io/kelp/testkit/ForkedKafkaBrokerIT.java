package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ForkedKafkaBrokerIT {

    @Test
    void keepsItsPortAndDataAcrossAKillAndAGracefulRestart() throws Exception {
        try (ForkedKafkaBroker broker = ForkedKafkaBroker.launch()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopic("forked.restart", 2);
            produce(broker, "before-kill");
            long firstPid = broker.process().pid();

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            produce(broker, "after-kill");
            broker.stop();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.process().pid()).isNotEqualTo(firstPid);
            assertThat(broker.starts()).isEqualTo(3);
            assertThat(consumeAll(broker, 2)).containsExactlyInAnyOrder("before-kill", "after-kill");
        }
    }

    private static void produce(ForkedKafkaBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("forked.restart", value, value)).get();
        }
    }

    private static List<String> consumeAll(ForkedKafkaBroker broker, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "forked-restart",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("forked.restart"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}

package io.kelp.agent.ship;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.tail.AckTracker;
import io.kelp.testkit.KelpServers;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producing to partitions created a moment ago, as agents do right after the operator created a
 * collection's topic. Against the test kit's real broker, a fresh partition now and then refuses
 * the idempotent producer's first batch for good (KAFKA-15591: every retry gets
 * OUT_OF_ORDER_SEQUENCE_NUMBER); measured here, about one round in five. Without the sender's stall
 * recovery such a round never completes, so over these rounds the test fails almost surely; with
 * it, every round delivers every record. The 5 s stall timeout (60 s in the agent) keeps the test
 * short; the 120 s per round is a generous bound for a loaded machine, not a target.
 */
class FreshTopicIT {

    private static final int ROUNDS = 15;
    private static final int RECORDS = 20_000;

    @Test
    void everyRecordReachesAFreshTopicEvenWhenAPartitionRefusesTheFirstBatch() throws Exception {
        String bootstrap = KelpServers.kafka().bootstrapServers();
        // linger 0: many small requests right after creation, the shape that meets the broker's race.
        Map<String, Object> config = KafkaRecordSender.config(bootstrap, Map.of("linger.ms", 0));
        long replacements = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String topic = "fresh-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-" + round;
            KelpServers.kafka().admin().createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
            AgentCounters counters = new AgentCounters();
            AckTracker tracker = new AckTracker(0);
            try (KafkaRecordSender sender = new KafkaRecordSender(
                    () -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                    1 << 20, Duration.ofSeconds(5), System::nanoTime, counters)) {
                byte[] value = new byte[600];
                for (int i = 0; i < RECORDS; i++) {
                    sender.send(topic, ("key-" + i).getBytes(StandardCharsets.UTF_8), value, System.currentTimeMillis(),
                            1, tracker, tracker.register(i + 1));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (tracker.committed() < RECORDS && System.nanoTime() < deadline) {
                    sender.resendFailed();
                    Thread.sleep(5);
                }
            }
            assertThat(tracker.committed()).as("round %d: records acknowledged", round).isEqualTo(RECORDS);
            replacements += counters.producerReplacements.sum();
        }
        System.out.println("producer replaced in " + replacements + " of " + ROUNDS + " rounds (KAFKA-15591)");
    }
}

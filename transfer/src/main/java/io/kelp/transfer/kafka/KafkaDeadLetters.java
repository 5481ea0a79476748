package io.kelp.transfer.kafka;

import io.kelp.transfer.pipeline.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Dead-letters to {@code <topic>.dlq}: the letter's key and value (the document and its id, a
 * malformed event line, or the original record), the original record's timestamp, the error and
 * the original coordinates in headers ({@code kelp.error.*}, {@code kelp.source.*}).
 * Waiting for every acknowledgement before returning is what lets the caller commit the original
 * offsets.
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    public static final String SUFFIX = ".dlq";
    public static final String ERROR_STATUS = "kelp.error.status";
    public static final String ERROR_TYPE = "kelp.error.type";
    public static final String ERROR_REASON = "kelp.error.reason";
    public static final String SOURCE_TOPIC = "kelp.source.topic";
    public static final String SOURCE_PARTITION = "kelp.source.partition";
    public static final String SOURCE_OFFSET = "kelp.source.offset";

    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    public KafkaDeadLetters(Producer<byte[], byte[]> producer, Admin admin) {
        this.producer = producer;
        this.admin = admin;
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    @Override
    public void publish(List<Letter> letters) throws Exception {
        List<Future<?>> acks = new ArrayList<>(letters.size());
        for (Letter letter : letters) {
            var original = letter.source();
            ensureTopic(topicFor(original.topic()));
            long timestamp = original.timestamp() >= 0 ? original.timestamp() : System.currentTimeMillis();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topicFor(original.topic()), null,
                    timestamp, letter.key(), letter.value());
            Headers headers = out.headers();
            header(headers, ERROR_STATUS, Integer.toString(letter.error().status()));
            header(headers, ERROR_TYPE, letter.error().errorType());
            header(headers, ERROR_REASON, letter.error().errorReason());
            header(headers, SOURCE_TOPIC, original.topic());
            header(headers, SOURCE_PARTITION, Integer.toString(original.partition()));
            header(headers, SOURCE_OFFSET, Long.toString(original.offset()));
            acks.add(producer.send(out));
        }
        for (Future<?> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Creates the dead-letter topic on first use, with the broker's default partitions and
     * replication, so dead-lettering does not depend on topic auto-creation being enabled.
     */
    private void ensureTopic(String topic) throws Exception {
        if (existing.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitLeaders(topic);
        existing.add(topic);
    }

    /**
     * A produce racing the new topic's leader election gets NOT_LEADER and, with several requests
     * in flight, OUT_OF_ORDER_SEQUENCE until the delivery timeout; waiting for leaders avoids that.
     */
    private void awaitLeaders(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("dead-letter topic " + topic + " has partitions without a leader");
    }

    private static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}

package io.kelp.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a topic from its start on its own thread and notes when each probe marker
 * ({@code probe-<kind>-<n>}) first arrives, as {@link System#nanoTime()}. A fetch returns as soon
 * as the broker appended data, so arrival is within a millisecond or so of the agent's produce
 * being acknowledged.
 */
final class ProbeWatcher implements AutoCloseable {

    private static final Pattern MARKER = Pattern.compile("probe-[a-z]+-\\d+");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProbeWatcher(String bootstrap, String topic, int partitions) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        thread = new Thread(this::pollLoop, "probe-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void pollLoop() {
        // The consumer is only touched by this thread (KafkaConsumer is not thread-safe), closed here too.
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    // The agent's records carry many lines: every probe in one counts.
                    Matcher m = MARKER.matcher(new String(record.value(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        arrivals.putIfAbsent(m.group(), now);
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Waits for the marker; returns its arrival (nanoTime) or -1 after {@code timeout}. */
    long await(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = arrivals.get(marker);
            if (at != null) {
                return at;
            }
            Thread.sleep(1);
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}

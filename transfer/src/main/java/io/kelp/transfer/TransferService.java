package io.kelp.transfer;

import io.etcd.jetcd.Client;
import io.kelp.contract.CollectionRef;
import io.kelp.transfer.elasticsearch.ElasticsearchBulkSender;
import io.kelp.transfer.etcd.TaskWatch;
import io.kelp.transfer.kafka.KafkaDeadLetters;
import io.kelp.transfer.pipeline.ConsumeLoop;
import io.kelp.transfer.pipeline.TransferSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires the transfer at startup and takes it down on shutdown (SIGTERM): the etcd task watch,
 * the consumer thread, the bulk workers and the dead-letter producer.
 */
@ApplicationScoped
public class TransferService {

    private static final Logger LOG = Logger.getLogger(TransferService.class);

    private final TransferConfig config;
    private final MeterRegistry registry;
    private CollectionRef collection;
    private TaskWatch taskWatch;
    private Client etcd;
    private ConsumeLoop loop;
    private Thread loopThread;
    private ExecutorService workers;
    private ElasticsearchBulkSender sender;
    private KafkaDeadLetters deadLetters;

    public TransferService(TransferConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        collection = CollectionRef.parse(config.transfer().collection());
        TransferSettings settings = settings();
        etcd = Client.builder().endpoints(Arrays.stream(config.etcd().endpoints().split(","))
                .map(String::trim).toArray(String[]::new)).build();
        taskWatch = new TaskWatch(etcd, collection);
        taskWatch.start();
        sender = new ElasticsearchBulkSender(
                ElasticsearchBulkSender.clientFor(config.elasticsearch().url(), settings.concurrency()));
        deadLetters = new KafkaDeadLetters(new KafkaProducer<>(producerProperties()),
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers())));
        workers = Executors.newFixedThreadPool(settings.concurrency(), namedThreads("kelp-bulk-"));
        loop = new ConsumeLoop(new KafkaConsumer<>(consumerProperties()), taskWatch::sink, workers, sender,
                deadLetters, settings, new MicrometerTransferMetrics(registry));
        loopThread = new Thread(loop, "kelp-consume");
        loopThread.start();
        LOG.infof("transfer for %s started; task key %s", collection, collection.taskKey());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            loopThread.join(config.transfer().shutdownTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        taskWatch.close();
        etcd.close();
        deadLetters.close();
        try {
            sender.close();
        } catch (Exception e) {
            LOG.debug("closing the Elasticsearch client failed", e);
        }
    }

    boolean consuming() {
        return loop != null && loop.subscribed();
    }

    boolean alive(Duration maxSilence) {
        return loop != null && loop.alive(maxSilence);
    }

    String collection() {
        return config.transfer().collection();
    }

    private TransferSettings settings() {
        TransferConfig.Transfer t = config.transfer();
        TransferConfig.Bulk b = t.bulk();
        return new TransferSettings(b.maxBytes(), b.maxDocuments(), b.linger(), b.concurrency(), b.maxInFlightBytes(),
                t.commitInterval(), t.revokeTimeout(), t.shutdownTimeout(), t.backoffInitial(), t.backoffMax());
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, collection.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // big fetches: the transfer's cost per record should be a copy, not a round trip
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kelp-transfer-" + collection.namespace() + "-" + collection.name());
        return props;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kelp-transfer-dlq-" + collection.namespace() + "-" + collection.name());
        return props;
    }

    private static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

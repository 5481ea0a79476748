package io.kelp.transfer;

import io.etcd.jetcd.Client;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.transfer.elasticsearch.ElasticsearchBulkSender;
import io.kelp.transfer.etcd.TaskWatch;
import io.kelp.transfer.kafka.KafkaDeadLetters;
import io.kelp.transfer.kafka.NativeLz4;
import io.kelp.transfer.pipeline.ConsumeLoop;
import io.kelp.transfer.pipeline.TransferMetrics;
import io.kelp.transfer.pipeline.TransferSettings;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One running transfer for one collection, assembled from its adapters: the etcd task watch, the
 * consumer thread, the bulk workers and the dead-letter producer. Plain Java, so tests and the
 * benchmark run exactly what the Quarkus app runs.
 */
public final class TransferRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransferRuntime.class);

    /** Where the servers are, and how to authenticate to them. */
    public record Endpoints(String kafkaBootstrapServers, String elasticsearchUrls, String etcdEndpoints,
                            ClientSecurity security) {
        public Endpoints {
            security = security == null ? ClientSecurity.NONE : security;
        }

        /** Plain connections, no credentials. */
        public Endpoints(String kafkaBootstrapServers, String elasticsearchUrls, String etcdEndpoints) {
            this(kafkaBootstrapServers, elasticsearchUrls, etcdEndpoints, ClientSecurity.NONE);
        }
    }

    /**
     * A sink fixed by the pod's own configuration: no etcd, no task watch. For deployments that
     * render the topic and index prefix into the pod instead of publishing a task.
     */
    public static TransferRuntime withStaticSink(CollectionRef collection, CollectionTask.Sink sink,
                                                 Endpoints endpoints, TransferSettings settings, TransferMetrics metrics) {
        return new TransferRuntime(collection, sink, endpoints, settings, metrics);
    }

    private final CollectionRef collection;
    private final TransferSettings settings;
    private final Client etcd;
    private final TaskWatch taskWatch;
    private final ElasticsearchBulkSender sender;
    private final KafkaDeadLetters deadLetters;
    private final ExecutorService workers;
    private final ConsumeLoop loop;
    private final Thread loopThread;

    /** A transfer that follows its collection's task in etcd. */
    public TransferRuntime(CollectionRef collection, Endpoints endpoints, TransferSettings settings,
                           TransferMetrics metrics) {
        this(collection, null, endpoints, settings, metrics);
    }

    private TransferRuntime(CollectionRef collection, CollectionTask.Sink staticSink, Endpoints endpoints,
                            TransferSettings settings, TransferMetrics metrics) {
        this.collection = collection;
        this.settings = settings;
        if (staticSink == null) {
            etcd = endpoints.security().etcd(Client.builder().endpoints(Arrays.stream(endpoints.etcdEndpoints().split(","))
                    .map(String::trim).toArray(String[]::new))).build();
            taskWatch = new TaskWatch(etcd, collection);
        } else {
            etcd = null;
            taskWatch = null;
        }
        Supplier<CollectionTask.Sink> sink = taskWatch != null ? taskWatch::sink : () -> staticSink;
        sender = new ElasticsearchBulkSender(ElasticsearchBulkSender.clientFor(endpoints.elasticsearchUrls(),
                settings.concurrency(), endpoints.security().elasticsearchHeaders()));
        deadLetters = new KafkaDeadLetters(new KafkaProducer<>(producerProperties(endpoints)),
                Admin.create(endpoints.security().kafka(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()))));
        workers = Executors.newFixedThreadPool(settings.concurrency(), namedThreads("kelp-bulk-"));
        NativeLz4.load(); // before the consumer's first fetch: Kafka chooses its decompressor once
        loop = new ConsumeLoop(new KafkaConsumer<>(consumerProperties(endpoints)), sink, workers, sender,
                deadLetters, settings, metrics);
        loopThread = new Thread(loop, "kelp-consume");
    }

    public TransferRuntime start() {
        if (taskWatch != null) {
            taskWatch.start();
            LOG.infof("transfer for %s started; task key %s", collection, collection.taskKey());
        } else {
            LOG.infof("transfer for %s started with the sink from its configuration", collection);
        }
        loopThread.start();
        return this;
    }

    /** Consuming its collection's topic (the task is known and the topic subscribed). */
    public boolean consuming() {
        return loop.subscribed();
    }

    public boolean alive(Duration maxSilence) {
        return loop.alive(maxSilence);
    }

    /** Finishes in-flight bulks (bounded by the shutdown timeout), commits what is safe, leaves. */
    @Override
    public void close() {
        loop.stop();
        try {
            loopThread.join(settings.shutdownTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        if (taskWatch != null) {
            taskWatch.close();
            etcd.close();
        }
        deadLetters.close();
        try {
            sender.close();
        } catch (Exception e) {
            LOG.debug("closing the Elasticsearch client failed", e);
        }
    }

    private Map<String, Object> consumerProperties(Endpoints endpoints) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, collection.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A fetch of 1 MiB per partition is thousands of compressed records, so round trips cost
        // little per record. Larger fetches bought nothing in the benchmark but memory: fetched
        // responses wait in the heap until polled, and a socket read into a heap buffer goes
        // through a JDK temporary direct buffer as large as the response, cached per thread
        // (with 8 MiB / 32 MiB: 45 MiB of such native memory instead of 6, and 48 MiB of live
        // byte[] instead of 30, mid-benchmark).
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
        // A crashed pod does not leave the group; until its session expires its partitions wait.
        // 10 s (instead of 45 s) bounds that stall after a SIGKILL; heartbeats come from the
        // consumer's own thread, so a slow bulk cannot make us miss one.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kelp-transfer-" + collection.namespace() + "-" + collection.name());
        return endpoints.security().kafka(props);
    }

    private Map<String, Object> producerProperties(Endpoints endpoints) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.CLIENT_ID_CONFIG,
                "kelp-transfer-dlq-" + collection.namespace() + "-" + collection.name());
        return endpoints.security().kafka(props);
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.kelp.agent.assembly;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.agent.Agent;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.discovery.KubernetesPodDirectory;
import io.kelp.agent.discovery.PodDirectory;
import io.kelp.agent.discovery.PodLogScanner;
import io.kelp.agent.etcd.EtcdAccess;
import io.kelp.agent.heartbeat.HeartbeatPublisher;
import io.kelp.agent.ship.KafkaRecordSender;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.task.EtcdTaskSource;
import io.kelp.agent.task.TaskCache;
import io.kelp.agent.task.TaskTable;
import io.kelp.contract.AgentHeartbeats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composition root of the agent in plain Java: builds the task table, the etcd watch, the pod
 * directory, the Kafka sender and the tailing loop, starts them in order and stops them so that
 * every acknowledged record is checkpointed. The Quarkus layer and the integration tests both
 * start the agent through this class.
 */
public final class RunningAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningAgent.class);

    /** Connections the agent needs; {@code kubernetes} null means VM mode. */
    public record Connections(EtcdAccess etcd, String kafkaBootstrapServers, Map<String, Object> producerOverrides,
                              long maxInFlightBytes, KubernetesClient kubernetes, long retainDeletedPodMillis,
                              boolean serverSideNodeFilter) {

        public Connections(EtcdAccess etcd, String kafkaBootstrapServers, Map<String, Object> producerOverrides,
                           long maxInFlightBytes, KubernetesClient kubernetes, long retainDeletedPodMillis) {
            this(etcd, kafkaBootstrapServers, producerOverrides, maxInFlightBytes, kubernetes,
                    retainDeletedPodMillis, false);
        }

        /** An etcd without authentication at {@code etcdEndpoints}. */
        public Connections(String etcdEndpoints, String kafkaBootstrapServers, Map<String, Object> producerOverrides,
                           long maxInFlightBytes, KubernetesClient kubernetes, long retainDeletedPodMillis) {
            this(EtcdAccess.anonymous(etcdEndpoints), kafkaBootstrapServers, producerOverrides, maxInFlightBytes,
                    kubernetes, retainDeletedPodMillis, false);
        }
    }

    private final AgentCounters counters;
    private final Client etcd;
    private final EtcdTaskSource taskSource;
    private final KubernetesPodDirectory podDirectory;
    private final KafkaRecordSender sender;
    private final Agent agent;
    private final Thread loop;
    private final HeartbeatPublisher heartbeat;

    private RunningAgent(AgentSettings settings, Connections connections, AgentCounters counters, String version) {
        this.counters = counters;
        PodDirectory pods = PodDirectory.NONE;
        if (connections.kubernetes() != null) {
            podDirectory = new KubernetesPodDirectory(connections.kubernetes(), settings.nodeName(),
                    connections.retainDeletedPodMillis(), connections.serverSideNodeFilter());
            podDirectory.start();
            pods = podDirectory;
        } else {
            podDirectory = null;
        }
        sender = new KafkaRecordSender(connections.kafkaBootstrapServers(), connections.producerOverrides(),
                connections.maxInFlightBytes(), counters);
        AtomicReference<Agent> agentRef = new AtomicReference<>();
        TaskTable tasks = new TaskTable(counters.invalidTasks, () -> {
            counters.taskReloads.increment();
            Agent current = agentRef.get();
            if (current != null) {
                current.wakeUp();
            }
        }, new TaskCache(settings.checkpointDir()));
        tasks.loadCached();
        agent = new Agent(settings, tasks::snapshot, tasks::changedAtNanos, new PodLogScanner(settings.podLogRoot()), pods,
                new CheckpointStore(settings.checkpointDir()), sender, counters);
        agentRef.set(agent);
        etcd = connections.etcd().connect();
        taskSource = new EtcdTaskSource(etcd, tasks);
        loop = new Thread(agent, "kelp-tail");
        heartbeat = new HeartbeatPublisher(etcd, settings.nodeName(), version, counters.collections,
                AgentHeartbeats.INTERVAL, AgentHeartbeats.TTL);
    }

    public static RunningAgent start(AgentSettings settings, Connections connections, AgentCounters counters) {
        return start(settings, connections, counters, "unknown");
    }

    /** {@code version}: the agent's version, published in its heartbeat. */
    public static RunningAgent start(AgentSettings settings, Connections connections, AgentCounters counters,
                                     String version) {
        RunningAgent running = new RunningAgent(settings, connections, counters, version);
        running.taskSource.start();
        running.loop.start();
        running.heartbeat.start();
        return running;
    }

    public AgentCounters counters() {
        return counters;
    }

    public Agent agent() {
        return agent;
    }

    public boolean tasksSynced() {
        return taskSource.synced();
    }

    /**
     * Why etcd's authentication refused the agent, while it does (tasks or heartbeat): the agent
     * keeps tailing on its cached tasks and retrying, but cannot follow task changes.
     */
    public Optional<String> etcdRefusal() {
        return taskSource.refusal().or(heartbeat::refusal);
    }

    public boolean podsReady() {
        return podDirectory == null || podDirectory.ready();
    }

    /** True while records are in flight to Kafka: the loop may be blocked on backpressure. */
    public boolean waitingOnKafka() {
        return sender.inFlightBytes() > 0;
    }

    /** Stops reading, waits for Kafka to acknowledge what was sent, writes the final checkpoints. */
    @Override
    public void close() {
        heartbeat.close();
        taskSource.close();
        agent.stop();
        loop.interrupt();
        try {
            loop.join(10_000);
            if (!sender.awaitAcknowledged(java.time.Duration.ofSeconds(10))) {
                LOG.warn("Kafka did not acknowledge every record before shutdown; they are re-sent at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agent.saveCheckpoints();
        sender.close();
        if (podDirectory != null) {
            podDirectory.close();
        }
        etcd.close();
    }
}

package io.kelp.agent.app;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.agent.Agent;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.discovery.KubernetesPodDirectory;
import io.kelp.agent.discovery.PodDirectory;
import io.kelp.agent.discovery.PodLogScanner;
import io.kelp.agent.ship.KafkaRecordSender;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.task.EtcdTaskSource;
import io.kelp.agent.task.TaskTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Builds the plain-Java agent from configuration at startup and stops it cleanly at shutdown. */
@ApplicationScoped
public class AgentRuntime {

    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    @Inject
    KelpConfig config;

    @Inject
    Instance<KubernetesClient> kubernetes;

    private final AgentCounters counters = new AgentCounters();
    private Client etcd;
    private EtcdTaskSource taskSource;
    private KubernetesPodDirectory podDirectory;
    private KafkaRecordSender sender;
    private Agent agent;
    private Thread loop;

    void onStart(@Observes StartupEvent event) {
        KelpConfig.Agent agentConfig = config.agent();
        String nodeName = agentConfig.nodeName().orElseGet(AgentRuntime::hostName);
        AgentSettings settings = new AgentSettings(nodeName, nodeName, Path.of(agentConfig.podLogRoot()),
                Path.of(agentConfig.checkpointDir()), agentConfig.scanIntervalMillis(),
                agentConfig.checkpointIntervalMillis(), agentConfig.maxLineBytes(), 512 * 1024);
        PodDirectory pods = PodDirectory.NONE;
        if (agentConfig.kubernetes().enabled()) {
            podDirectory = new KubernetesPodDirectory(kubernetes.get(), nodeName,
                    agentConfig.kubernetes().retainDeletedPodMillis());
            podDirectory.start();
            pods = podDirectory;
        }
        Map<String, Object> producerOverrides = new HashMap<>(config.kafka().producer());
        sender = new KafkaRecordSender(config.kafka().bootstrapServers(), producerOverrides,
                agentConfig.maxInFlightBytes(), counters);
        AtomicReference<Agent> agentRef = new AtomicReference<>();
        TaskTable tasks = new TaskTable(counters.invalidTasks, () -> {
            counters.taskReloads.increment();
            Agent current = agentRef.get();
            if (current != null) {
                current.wakeUp();
            }
        });
        agent = new Agent(settings, tasks::snapshot, new PodLogScanner(settings.podLogRoot()), pods,
                new CheckpointStore(settings.checkpointDir()), sender, counters);
        agentRef.set(agent);
        etcd = Client.builder().endpoints(config.etcd().endpoints().split(",")).build();
        taskSource = new EtcdTaskSource(etcd, tasks);
        taskSource.start();
        loop = new Thread(agent, "kelp-tail");
        loop.start();
        LOG.infof("kelp agent started on node %s, tailing %s, checkpoints in %s, kubernetes %s", nodeName,
                settings.podLogRoot(), settings.checkpointDir(), agentConfig.kubernetes().enabled() ? "on" : "off");
    }

    void onStop(@Observes ShutdownEvent event) {
        if (agent == null) {
            return;
        }
        taskSource.close();
        agent.stop();
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.flush();
        agent.saveCheckpoints();
        sender.close();
        if (podDirectory != null) {
            podDirectory.close();
        }
        etcd.close();
    }

    private static String hostName() {
        String fromEnv = System.getenv("NODE_NAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    public AgentCounters counters() {
        return counters;
    }

    public Agent agent() {
        return agent;
    }

    /** True while records are in flight to Kafka: the loop may be blocked on backpressure. */
    public boolean waitingOnKafka() {
        return sender != null && sender.inFlightBytes() > 0;
    }

    public boolean tasksSynced() {
        return taskSource != null && taskSource.synced();
    }

    public boolean podsReady() {
        return podDirectory == null || podDirectory.ready();
    }
}

package io.kelp.agent.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.agent.Agent;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.agent.etcd.EtcdAccess;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;

/** Starts the plain-Java agent from configuration at startup and stops it cleanly at shutdown. */
@ApplicationScoped
public class AgentRuntime {

    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);

    @Inject
    KelpConfig config;

    @Inject
    Vertx vertx;

    private final AgentCounters counters = new AgentCounters();
    private volatile RunningAgent running;
    /** Only in Kubernetes mode; VM mode never loads the client. */
    private KubernetesClient kubernetes;

    void onStart(@Observes StartupEvent event) {
        KelpConfig.Agent agentConfig = config.agent();
        String nodeName = agentConfig.nodeName().orElseGet(AgentRuntime::hostName);
        AgentSettings settings = new AgentSettings(nodeName, nodeName, Path.of(agentConfig.podLogRoot()),
                Path.of(agentConfig.checkpointDir()), agentConfig.scanIntervalMillis(),
                agentConfig.checkpointIntervalMillis(), agentConfig.maxLineBytes(), 512 * 1024,
                agentConfig.hostLabels()).withMaxOpenFiles(agentConfig.maxOpenFiles());
        boolean withKubernetes = agentConfig.kubernetes().enabled();
        kubernetes = withKubernetes ? KubernetesConnection.connect(agentConfig.kubernetes(), vertx) : null;
        KelpConfig.Etcd etcd = config.etcd();
        EtcdAccess etcdAccess = new EtcdAccess(etcd.endpoints(), etcd.user().orElse(null),
                etcd.password().orElse(null), etcd.caFile().orElse(null));
        running = RunningAgent.start(settings, new RunningAgent.Connections(etcdAccess,
                config.kafka().bootstrapServers(), new HashMap<>(config.kafka().producer()),
                agentConfig.maxInFlightBytes(), kubernetes,
                agentConfig.kubernetes().retainDeletedPodMillis(), agentConfig.kubernetes().serverSideNodeFilter()),
                counters, ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                        .orElse("unknown"));
        LOG.infof("kelp agent started on node %s, tailing %s, checkpoints in %s, kubernetes %s, %s", nodeName,
                settings.podLogRoot(), settings.checkpointDir(), withKubernetes ? "on" : "off (VM mode)", etcdAccess);
    }

    void onStop(@Observes ShutdownEvent event) {
        RunningAgent current = running;
        if (current != null) {
            current.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
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

    /** Created before startup so metrics can bind to them whenever the registry is built. */
    public AgentCounters counters() {
        return counters;
    }

    public Agent agent() {
        RunningAgent current = running;
        return current == null ? null : current.agent();
    }

    public boolean waitingOnKafka() {
        RunningAgent current = running;
        return current != null && current.waitingOnKafka();
    }

    public boolean tasksSynced() {
        RunningAgent current = running;
        return current != null && current.tasksSynced();
    }

    /** Why etcd's authentication refuses the agent, or null. */
    public String etcdRefusal() {
        RunningAgent current = running;
        return current == null ? null : current.etcdRefusal().orElse(null);
    }

    public boolean podsReady() {
        RunningAgent current = running;
        return current == null || current.podsReady();
    }
}

package io.kelp.e2e;

import io.kelp.contract.CollectionRef;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.ManagedProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts Kelp's three deployables (operator, agent, transfer) as separate processes from the
 * runnable jars the build produced, configured against one set of servers. Used by the
 * end-to-end tests and by the local stack, so both run exactly what would ship.
 */
public final class Pipeline implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    /** Where the servers the pipeline talks to are. */
    public record Endpoints(String kafkaBootstrapServers, String etcd, String elasticsearch, String kubernetesApi) {
    }

    private final Endpoints endpoints;
    private final Path repositoryRoot;
    private final Path logDirectory;
    private final List<ManagedProcess> started = new ArrayList<>();

    public Pipeline(Endpoints endpoints, Path repositoryRoot, Path logDirectory) {
        this.endpoints = endpoints;
        this.repositoryRoot = repositoryRoot;
        this.logDirectory = logDirectory;
    }

    public ManagedProcess startOperator() {
        Map<String, String> config = common(true);
        config.put("quarkus.kubernetes-client.api-server-url", endpoints.kubernetesApi());
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        // The fabric8 mock API answers server-side-apply patches with 415; a real cluster takes both.
        config.put("kelp.operator.server-side-apply", "false");
        return start("operator", "operator", "-Xmx256m", config);
    }

    /** An agent for one node: tails {@code podLogRoot}, keeps checkpoints in {@code checkpointDir}. */
    public ManagedProcess startAgent(String nodeName, Path podLogRoot, Path checkpointDir) {
        Map<String, String> config = common(false);
        config.put("kelp.agent.kubernetes.api-server-url", endpoints.kubernetesApi());
        config.put("kelp.agent.kubernetes.trust-certs", "true");
        config.put("kelp.agent.node-name", nodeName);
        config.put("kelp.agent.pod-log-root", podLogRoot.toString());
        config.put("kelp.agent.checkpoint-dir", checkpointDir.toString());
        return start("agent-" + nodeName, "agent-daemonset", "-Xmx128m", config);
    }

    /** A transfer instance serving one collection. */
    public ManagedProcess startTransfer(CollectionRef collection) {
        Map<String, String> config = common(true);
        config.put("kelp.transfer.collection", collection.toString());
        return start("transfer-" + collection.namespace() + "-" + collection.name(), "transfer", "-Xmx256m", config);
    }

    /** Each deployable gets only the keys it knows: the agent rejects unknown kelp.* keys, as typos. */
    private Map<String, String> common(boolean needsElasticsearch) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kelp.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        config.put("kelp.etcd.endpoints", endpoints.etcd());
        if (needsElasticsearch) {
            config.put("kelp.elasticsearch.url", endpoints.elasticsearch());
        }
        return config;
    }

    private ManagedProcess start(String name, String module, String heap, Map<String, String> config) {
        Path jar = repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build first with ./mvnw install -DskipTests");
        }
        int httpPort = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.port=" + httpPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ManagedProcess process = ManagedProcess.command(name, command)
                .logFile(logDirectory.resolve(name + ".log"))
                .start();
        started.add(process);
        process.waitUntilHttpOk("http://127.0.0.1:" + httpPort + "/q/health/live", STARTUP_TIMEOUT);
        return process;
    }

    /** Loads every CRD the build generated into the chart (both kinds: the operator watches both). */
    public static void loadCrds(io.kelp.testkit.KubernetesApi api, Path repositoryRoot) {
        try (var files = Files.list(repositoryRoot.resolve("helm/kelp/crds"))) {
            files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted()
                    .forEach(api::loadCrd);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the CRDs in " + repositoryRoot, e);
        }
    }

    /** The checkout this code runs from: the nearest directory up from here holding the operator module. */
    public static Path findRepositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("operator/pom.xml"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Kelp checkout found at or above " + dir);
    }

    /** Stops every process this pipeline started, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop(Duration.ofSeconds(20));
        }
        started.clear();
    }
}

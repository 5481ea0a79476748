package io.kelp.e2e.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.e2e.Pipeline;
import io.kelp.testkit.ElasticsearchServer;
import io.kelp.testkit.EtcdServer;
import io.kelp.testkit.ForkedKafkaBroker;
import io.kelp.testkit.KubernetesApi;
import io.kelp.testkit.LogFiles;
import io.kelp.testkit.ManagedProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The whole pipeline on servers of its own: Elasticsearch, etcd, a forked Kafka broker and a mock
 * Kubernetes API that no other test shares, since the faults stop and restart them; operator, agent
 * and transfer as child processes ({@link Pipeline}); one LogCollection, {@code rel/lines},
 * collecting every pod of namespace {@code rel} (CRI format, 4 partitions).
 */
final class ReliabilityStack implements AutoCloseable {

    static final CollectionRef COLLECTION = new CollectionRef("rel", "lines");
    static final String NODE = "node-rel";

    private final List<AutoCloseable> servers = new ArrayList<>();
    private ElasticsearchServer elasticsearch;
    private EtcdServer etcd;
    private ForkedKafkaBroker kafka;
    private KubernetesApi kubernetes;
    private Pipeline pipeline;
    private ManagedProcess operator;
    private ManagedProcess agent;
    private ManagedProcess transfer;
    private final Path podLogRoot;
    private final Path agentState;

    private ReliabilityStack(Path work) throws IOException {
        this.podLogRoot = Files.createDirectories(work.resolve("var-log-pods"));
        this.agentState = Files.createDirectories(work.resolve("agent-state"));
    }

    /** Starts the servers (in parallel), the operator, the agent, the collection and its transfer. */
    static ReliabilityStack start(Path work) throws IOException {
        ReliabilityStack stack = new ReliabilityStack(work);
        try {
            stack.startServers();
            stack.startPipeline();
            return stack;
        } catch (IOException | RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startServers() {
        CompletableFuture<ElasticsearchServer> es = CompletableFuture.supplyAsync(ElasticsearchServer::launch);
        CompletableFuture<ForkedKafkaBroker> broker = CompletableFuture.supplyAsync(ForkedKafkaBroker::launch);
        CompletableFuture<EtcdServer> etcdServer = CompletableFuture.supplyAsync(EtcdServer::launch);
        kubernetes = remember(KubernetesApi::start);
        etcd = remember(etcdServer::join);
        kafka = remember(broker::join);
        elasticsearch = remember(es::join);
    }

    /** Keeps every server that started, so that {@link #close()} stops it even if another failed. */
    private <T extends AutoCloseable> T remember(Supplier<T> start) {
        try {
            T server = start.get();
            servers.add(server);
            return server;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void startPipeline() throws IOException {
        Path root = Pipeline.findRepositoryRoot();
        Pipeline.loadCrds(kubernetes, root);
        pipeline = new Pipeline(new Pipeline.Endpoints(kafka.bootstrapServers(), etcd.endpoint(),
                elasticsearch.url(), kubernetes.url()), root,
                Files.createDirectories(LogFiles.directory().resolve("reliability")));
        operator = pipeline.startOperator();
        agent = pipeline.startAgent(NODE, podLogRoot, agentState);
        LogCollection collection = new LogCollection();
        collection.setMetadata(new ObjectMetaBuilder().withNamespace(COLLECTION.namespace())
                .withName(COLLECTION.name()).build());
        LogCollectionSpec spec = new LogCollectionSpec();
        spec.getKafka().setPartitions(4);
        spec.getElasticsearch().setReplicas(0);
        collection.setSpec(spec);
        kube().resource(collection).create();
        Waiting.until(Duration.ofSeconds(90), () -> ready(COLLECTION.namespace(), COLLECTION.name())
                        .filter(c -> "True".equals(c.getStatus())).isPresent(),
                () -> "LogCollection " + COLLECTION + " never became Ready: "
                        + ready(COLLECTION.namespace(), COLLECTION.name()));
        transfer = pipeline.startTransfer(COLLECTION);
    }

    /** The Ready condition of a LogCollection, once the operator has written one for its generation. */
    Optional<Condition> ready(String namespace, String name) {
        LogCollection current = kube().resources(LogCollection.class).inNamespace(namespace).withName(name).get();
        if (current == null || current.getStatus() == null || current.getStatus().getConditions() == null
                || !current.getMetadata().getGeneration().equals(current.getStatus().getObservedGeneration())) {
            return Optional.empty();
        }
        return current.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** A new container log of writer {@code writer} of {@code stream}, in the collected namespace. */
    ContainerLog newLog(String stream, int writer) {
        return new ContainerLog(podLogRoot, COLLECTION.namespace(), stream, writer);
    }

    Path podLogRoot() {
        return podLogRoot;
    }

    /** SIGKILL of the agent, then a new agent process on the same checkpoints. */
    void killAndRestartAgent() {
        agent.kill();
        agent = pipeline.restart(agent);
    }

    /** SIGKILL of the transfer, then a new transfer process in the same consumer group. */
    void killAndRestartTransfer() {
        transfer.kill();
        transfer = pipeline.restart(transfer);
    }

    ForkedKafkaBroker kafka() {
        return kafka;
    }

    ElasticsearchServer elasticsearch() {
        return elasticsearch;
    }

    EtcdServer etcd() {
        return etcd;
    }

    ElasticsearchClient es() {
        return elasticsearch.client();
    }

    KubernetesClient kube() {
        return kubernetes.client();
    }

    ManagedProcess operator() {
        return operator;
    }

    ManagedProcess agent() {
        return agent;
    }

    ManagedProcess transfer() {
        return transfer;
    }

    /** The last lines of the agent's and the transfer's output, for failure messages. */
    String componentOutput() {
        return "--- agent ---\n" + agent.outputTail(30) + "\n--- transfer ---\n" + transfer.outputTail(30);
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                // Stopping servers of a finished suite; OrphanGuard kills what is left.
            }
        }
        servers.clear();
    }
}

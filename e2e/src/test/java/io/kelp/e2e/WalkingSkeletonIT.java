package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.LogFiles;
import io.kelp.testkit.ManagedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton: one LogCollection flows through the mock Kubernetes API, real etcd, Kafka
 * and Elasticsearch, with operator, agent and transfer running as separate processes.
 */
class WalkingSkeletonIT {

    private static final String NODE = "node-a";
    /**
     * The example shop/web collection, applied in a namespace of its own: ExampleQueriesIT runs the
     * example shop itself in the same JVM, and this test counts its documents exactly.
     */
    private static final CollectionRef WEB = new CollectionRef("skeleton", "web");

    @TempDir
    static Path work;

    private static KubernetesClient kubernetes;
    private static ElasticsearchClient elasticsearch;
    private static Pipeline pipeline;
    private static Path podLogRoot;

    @BeforeAll
    static void startPipeline() throws IOException {
        Path root = Pipeline.findRepositoryRoot();
        Pipeline.loadCrds(KelpServers.kubernetes(), root);
        kubernetes = KelpServers.kubernetes().client();
        elasticsearch = KelpServers.elasticsearch().client();
        pipeline = new Pipeline(new Pipeline.Endpoints(
                KelpServers.kafka().bootstrapServers(),
                KelpServers.etcd().endpoint(),
                KelpServers.elasticsearch().url(),
                KelpServers.kubernetes().url()), root, LogFiles.directory());
        podLogRoot = Files.createDirectories(work.resolve("var-log-pods"));
        pipeline.startOperator();
        pipeline.startAgent(NODE, podLogRoot, Files.createDirectories(work.resolve("agent-state")));
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void linesOfMatchingPodsAndOnlyThoseBecomeSearchableWithKubernetesFields() throws Exception {
        Pod web = createPod("web-1", Map.of("app", "web"), "nginx");
        Pod db = createPod("db-1", Map.of("app", "db"), "postgres");
        LogCollection collection = applyExampleCollection();

        awaitTrue(Duration.ofSeconds(60), () -> isReady(collection), () -> "LogCollection never became Ready: "
                + Serialization.asYaml(kubernetes.resources(LogCollection.class)
                .inNamespace(WEB.namespace()).withName(WEB.name()).get()));
        ManagedProcess transfer = pipeline.startTransfer(WEB);

        PodLogWriter webLog = new PodLogWriter(podLogRoot, WEB.namespace(), "web-1", web.getMetadata().getUid(), "nginx");
        PodLogWriter dbLog = new PodLogWriter(podLogRoot, WEB.namespace(), "db-1", db.getMetadata().getUid(), "postgres");
        int webLines = 25;
        for (int i = 0; i < webLines; i++) {
            webLog.write(i % 5 == 0 ? "stderr" : "stdout", "GET /items/" + i + " 200 \"quoted\" \\ ünïcode");
            dbLog.write("stdout", "checkpoint complete " + i);
        }

        Instant written = Instant.now();
        awaitTrue(Duration.ofSeconds(60), () -> count(Query.of(q -> q.matchAll(m -> m))) >= webLines,
                () -> "only " + count(Query.of(q -> q.matchAll(m -> m))) + " of " + webLines
                        + " lines indexed\n" + transfer.outputTail(20));
        System.out.println("walking skeleton: " + webLines + " lines searchable "
                + Duration.between(written, Instant.now()).toMillis() + " ms after the last write");

        assertThat(count(Query.of(q -> q.matchAll(m -> m)))).isEqualTo(webLines);
        assertThat(count(term("kubernetes.pod.name", "web-1"))).isEqualTo(webLines);
        assertThat(count(term("kubernetes.namespace", WEB.namespace()))).isEqualTo(webLines);
        assertThat(count(term("kubernetes.container.name", "nginx"))).isEqualTo(webLines);
        assertThat(count(term("kubernetes.node.name", NODE))).isEqualTo(webLines);
        assertThat(count(term("stream", "stderr"))).isEqualTo(webLines / 5);
        assertThat(count(Query.of(q -> q.matchPhrase(m -> m.field("message").query("GET /items/7 200")))))
                .isEqualTo(1);
        assertThat(countAllKelpIndices(term("kubernetes.pod.name", "db-1"))).isZero();

        // The agent's heartbeat (etcd, under a lease) reaches the collection's status.
        awaitTrue(Duration.ofSeconds(60), () -> Integer.valueOf(1).equals(stored().getStatus().getAgents()),
                () -> "status.agents never became 1: " + Serialization.asYaml(stored().getStatus()));
    }

    private static LogCollection stored() {
        return kubernetes.resources(LogCollection.class).inNamespace(WEB.namespace()).withName(WEB.name()).get();
    }

    private static Pod createPod(String name, Map<String, String> labels, String container) {
        return kubernetes.pods().resource(new PodBuilder()
                .withNewMetadata().withNamespace(WEB.namespace()).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName(container).withImage("busybox")
                .endContainer().endSpec()
                .build()).create();
    }

    private static LogCollection applyExampleCollection() throws IOException {
        try (InputStream in = Files.newInputStream(
                Pipeline.findRepositoryRoot().resolve("examples/logcollection-shop-web.yaml"))) {
            LogCollection collection = kubernetes.resources(LogCollection.class).load(in).item();
            collection.getMetadata().setNamespace(WEB.namespace());
            return kubernetes.resource(collection).create();
        }
    }

    private static boolean isReady(LogCollection created) {
        LogCollection current = kubernetes.resources(LogCollection.class)
                .inNamespace(created.getMetadata().getNamespace()).withName(created.getMetadata().getName()).get();
        if (current == null || current.getStatus() == null || current.getStatus().getConditions() == null) {
            return false;
        }
        return current.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                && current.getMetadata().getGeneration().equals(current.getStatus().getObservedGeneration());
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static long count(Query query) {
        return countIn(WEB.indexPattern(), query);
    }

    private static long countAllKelpIndices(Query query) {
        return countIn("kelp-*", query);
    }

    private static long countIn(String indices, Query query) {
        try {
            elasticsearch.indices().refresh(r -> r.index(indices).allowNoIndices(true));
            return elasticsearch.count(c -> c.index(indices).allowNoIndices(true).query(query)).count();
        } catch (IOException e) {
            throw new IllegalStateException("count in " + indices + " failed", e);
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> why)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // Not answerable yet, e.g. a new index whose shard is not assigned (503): try again.
            }
            Thread.sleep(250);
        }
        throw new AssertionError(why.get());
    }
}

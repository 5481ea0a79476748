package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The README's main job: real Kafka, etcd and Elasticsearch plus operator, agent and transfer on
 * this machine; applies the example LogCollection, tails an example pod log directory, prints what
 * was indexed and how to query it, and keeps running until Ctrl-C.
 */
public final class LocalStack {

    private static final String NODE = "local-node";
    private static final CollectionRef EXAMPLE = new CollectionRef("shop", "web");
    private static final List<ExamplePod> PODS = List.of(
            new ExamplePod("web-7d9f", "7c0e3b7e-3d0b-4c55-9b9e-000000000001", Map.of("app", "web"), "nginx"),
            new ExamplePod("web-a41c", "7c0e3b7e-3d0b-4c55-9b9e-000000000002", Map.of("app", "web"), "nginx"),
            new ExamplePod("db-0", "7c0e3b7e-3d0b-4c55-9b9e-000000000003", Map.of("app", "db"), "postgres"));

    private record ExamplePod(String name, String uid, Map<String, String> labels, String container) {
    }

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Pipeline.findRepositoryRoot();
        Path state = Files.createDirectories(root.resolve(".kelp-local"));
        Path podLogRoot = Files.createDirectories(state.resolve("var-log-pods"));
        Path logs = Files.createDirectories(state.resolve("logs"));

        step("starting Kafka (KRaft), etcd, Elasticsearch and the Kubernetes API (first run unpacks Elasticsearch)");
        String kafka = KelpServers.kafka().bootstrapServers();
        String etcd = KelpServers.etcd().endpoint();
        String elasticsearchUrl = KelpServers.elasticsearch().url();
        Pipeline.loadCrds(KelpServers.kubernetes(), root);
        String kubernetesApi = KelpServers.kubernetes().url();
        KubernetesClient kubernetes = KelpServers.kubernetes().client();

        try (Pipeline pipeline = new Pipeline(new Pipeline.Endpoints(kafka, etcd, elasticsearchUrl, kubernetesApi),
                root, logs)) {
            step("starting operator, agent and transfer (logs in " + logs + ")");
            pipeline.startOperator();
            pipeline.startAgent(NODE, podLogRoot, Files.createDirectories(state.resolve("agent-checkpoints")));

            step("applying examples/logcollection-shop-web.yaml and the example pods");
            for (ExamplePod pod : PODS) {
                kubernetes.pods().resource(new PodBuilder()
                        .withNewMetadata().withNamespace(EXAMPLE.namespace()).withName(pod.name())
                        .withUid(pod.uid()).withLabels(pod.labels()).endMetadata()
                        .withNewSpec().withNodeName(NODE).addNewContainer().withName(pod.container())
                        .withImage("example").endContainer().endSpec().build()).createOr(c -> c.update());
            }
            applyExample(kubernetes, root);
            ManagedProcess transfer = pipeline.startTransfer(EXAMPLE);

            step("writing example logs under " + podLogRoot);
            SampleLogGenerator generator = new SampleLogGenerator(podLogRoot, EXAMPLE.namespace());
            for (ExamplePod pod : PODS) {
                generator.addPod(pod.name(), pod.uid(), pod.container());
            }
            generator.writeBurst(40);

            ElasticsearchClient elasticsearch = KelpServers.elasticsearch().client();
            waitForDocuments(elasticsearch, transfer);
            printSummary(elasticsearch, elasticsearchUrl, kafka);

            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            step("running; new lines are written every second, status every 5 s. Ctrl-C stops everything.");
            StackStatus status = new StackStatus(EXAMPLE, kubernetes, elasticsearch, KelpServers.kafka().admin(),
                    System.out);
            status.printHeader();
            for (int second = 0; !stop.await(1, java.util.concurrent.TimeUnit.SECONDS); second++) {
                generator.writeBurst(5);
                if (second % 5 == 0) {
                    status.printLine();
                }
            }
        }
    }

    private static void applyExample(KubernetesClient kubernetes, Path root) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve("examples/logcollection-shop-web.yaml"))) {
            LogCollection collection = kubernetes.resources(LogCollection.class).load(in).item();
            kubernetes.resource(collection).createOr(c -> c.update());
        }
    }

    private static void waitForDocuments(ElasticsearchClient elasticsearch, ManagedProcess transfer)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (count(elasticsearch) > 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw transfer.failure("no documents indexed within 90 s");
    }

    private static long count(ElasticsearchClient elasticsearch) {
        try {
            elasticsearch.indices().refresh(r -> r.index(EXAMPLE.indexPattern()).allowNoIndices(true));
            return elasticsearch.count(c -> c.index(EXAMPLE.indexPattern()).allowNoIndices(true)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void printSummary(ElasticsearchClient elasticsearch, String url, String kafka)
            throws IOException, InterruptedException {
        Thread.sleep(3000);
        elasticsearch.indices().refresh(r -> r.index(EXAMPLE.indexPattern()));
        var response = elasticsearch.search(s -> s.index(EXAMPLE.indexPattern()).size(0)
                .aggregations("pods", a -> a.terms(t -> t.field("kubernetes.pod.name"))), Void.class);
        System.out.println();
        System.out.println("Indexed into " + EXAMPLE.indexPattern() + " (collection " + EXAMPLE + "):");
        for (StringTermsBucket bucket : response.aggregations().get("pods").sterms().buckets().array()) {
            System.out.printf("  %-12s %6d documents%n", bucket.key().stringValue(), bucket.docCount());
        }
        System.out.println("  (pod db-0 is not labelled app=web, so none of its lines are collected)");
        System.out.println();
        System.out.println("Query it:");
        System.out.println("  curl -s '" + url + "/" + EXAMPLE.indexPattern()
                + "/_search?size=3&sort=@timestamp:desc&q=kubernetes.pod.name:web-7d9f' | python3 -m json.tool");
        System.out.println("  curl -s '" + url + "/" + EXAMPLE.indexPattern() + "/_count?q=stream:stderr'");
        System.out.println("Kafka: " + kafka + ", topic " + EXAMPLE.topic());
        System.out.println();
    }

    private static void step(String what) {
        System.out.println("[kelp local] " + what);
    }

}

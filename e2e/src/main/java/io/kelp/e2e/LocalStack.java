package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.e2e.SampleLogGenerator.Style;
import io.kelp.testkit.InstanceDirs;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The README's main job: real Kafka, etcd and Elasticsearch plus operator, agent and one transfer
 * per collection on this machine; applies the example LogCollections, writes realistic logs for
 * example pods, prints what was indexed and how to query it, then a live status table until Ctrl-C.
 *
 * <p>Everything lives in {@code .kelp-local/} of the checkout: the servers' data, the pod logs and
 * the agent's checkpoints. A second run starts on that state and resumes where the first stopped
 * (same topics and consumer offsets, same indices, agent checkpoints); {@code --fresh} starts over.
 */
public final class LocalStack {

    private static final String NODE = "local-node";
    private static final String NAMESPACE = "shop";
    private static final List<ExamplePod> PODS = List.of(
            new ExamplePod("web-7d9f", "000000000001", Map.of("app", "web"), "nginx", Style.ACCESS_LOG),
            new ExamplePod("web-a41c", "000000000002", Map.of("app", "web"), "nginx", Style.ACCESS_LOG),
            new ExamplePod("checkout-5c8d", "000000000003", Map.of("app", "checkout"), "checkout", Style.JAVA_SERVICE),
            new ExamplePod("payments-0", "000000000004", Map.of("app", "payments"), "payments", Style.JSON_LINES),
            new ExamplePod("db-0", "000000000005", Map.of("app", "db"), "postgres", Style.ACCESS_LOG));

    private record ExamplePod(String name, String uidSuffix, Map<String, String> labels, String container,
            Style style) {
        String uid() {
            return "7c0e3b7e-3d0b-4c55-9b9e-" + uidSuffix;
        }
    }

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Pipeline.findRepositoryRoot();
        Path state = root.resolve(".kelp-local");
        if (List.of(args).contains("--fresh")) {
            step("--fresh: deleting " + state);
            InstanceDirs.deleteQuietly(state);
        }
        boolean resuming = Files.isDirectory(state.resolve("servers"));
        Path podLogRoot = Files.createDirectories(state.resolve("var-log-pods"));
        Path logs = Files.createDirectories(state.resolve("logs"));
        KelpServers.keepStateIn(state.resolve("servers"));
        step(resuming ? "resuming the stack kept in " + state + " (./local-stack.sh --fresh starts over)"
                : "state (server data, pod logs, agent checkpoints) goes to " + state);

        LocalServers.start();
        KubernetesClient kubernetes = KelpServers.kubernetes().client();
        Pipeline.loadCrds(KelpServers.kubernetes(), root);
        ElasticsearchClient elasticsearch = KelpServers.elasticsearch().client();

        try (Pipeline pipeline = new Pipeline(LocalServers.endpoints(), root, logs)) {
            step("starting operator and agent (their logs: " + logs + ")");
            pipeline.startOperator();
            pipeline.startAgent(NODE, podLogRoot, Files.createDirectories(state.resolve("agent-checkpoints")));

            createPods(kubernetes);
            List<CollectionRef> collections = applyExamples(kubernetes, root);
            StackStatus status = new StackStatus(collections, kubernetes, elasticsearch, KelpServers.kafka().admin(),
                    System.out);
            long before = status.totalDocuments();
            if (resuming) {
                step(before + " documents were indexed by earlier runs");
            }
            List<ManagedProcess> transfers = new ArrayList<>();
            for (CollectionRef collection : collections) {
                step("starting the transfer of " + collection);
                transfers.add(pipeline.startTransfer(collection));
            }

            SampleLogGenerator generator = new SampleLogGenerator(podLogRoot, NAMESPACE);
            PODS.forEach(pod -> generator.addPod(pod.name(), pod.uid(), pod.container(), pod.style()));
            step("writing example logs under " + podLogRoot);
            generator.writeBurst(40);
            waitForNewDocuments(status, collections, before, transfers);
            new LocalSummary(elasticsearch, KelpServers.elasticsearch().url(), KelpServers.kafka().bootstrapServers())
                    .print(collections);

            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            step("running; new lines are written every second, status every 5 s. Ctrl-C stops everything"
                    + " (the next run resumes).");
            status.printHeader();
            for (int second = 0; !stop.await(1, TimeUnit.SECONDS); second++) {
                generator.writeBurst(2);
                if (second % 5 == 0) {
                    status.printRows();
                }
            }
        }
    }

    private static void createPods(KubernetesClient kubernetes) {
        step("creating the example pods in namespace " + NAMESPACE + " on node " + NODE);
        for (ExamplePod pod : PODS) {
            kubernetes.pods().resource(new PodBuilder()
                    .withNewMetadata().withNamespace(NAMESPACE).withName(pod.name())
                    .withUid(pod.uid()).withLabels(pod.labels()).endMetadata()
                    .withNewSpec().withNodeName(NODE).addNewContainer().withName(pod.container())
                    .withImage("example").endContainer().endSpec().build()).createOr(c -> c.update());
        }
    }

    /** Applies every LogCollection in {@code examples/}, as {@code kubectl apply -f examples/} would. */
    private static List<CollectionRef> applyExamples(KubernetesClient kubernetes, Path root) throws IOException {
        List<CollectionRef> applied = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("examples"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("logcollection-")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    LogCollection collection = kubernetes.resources(LogCollection.class).load(in).item();
                    kubernetes.resource(collection).createOr(c -> c.update());
                    applied.add(new CollectionRef(collection.getMetadata().getNamespace(),
                            collection.getMetadata().getName()));
                    step("applied " + root.relativize(file));
                }
            }
        }
        return applied;
    }

    private static void waitForNewDocuments(StackStatus status, List<CollectionRef> collections, long before,
            List<ManagedProcess> transfers) throws InterruptedException {
        step("waiting for the new lines to become searchable in every collection");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (status.totalDocuments() > before
                    && collections.stream().allMatch(collection -> status.documents(collection) > 0)) {
                return;
            }
            Thread.sleep(500);
        }
        ManagedProcess suspect = transfers.stream().filter(t -> !t.isAlive()).findFirst().orElse(transfers.get(0));
        throw suspect.failure("no new documents in every collection within 120 s; see the logs in .kelp-local/logs");
    }

    static void step(String what) {
        System.out.println("[kelp local] " + what);
    }
}

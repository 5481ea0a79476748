package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.InstanceDirs;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            pipeline.startAgent(ExampleShop.NODE, podLogRoot,
                    Files.createDirectories(state.resolve("agent-checkpoints")));

            ExampleShop.createPods(kubernetes);
            List<CollectionRef> collections = ExampleShop.applyCollections(kubernetes, root);
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

            SampleLogGenerator generator = ExampleShop.logGenerator(podLogRoot);
            step("writing example logs under " + podLogRoot);
            // Every kind of line at least once, so that each printed query finds something.
            generator.writeEveryKind();
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

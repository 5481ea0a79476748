package io.kelp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.DeletionPolicy;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.e2e.ExampleQueries.ExampleQuery;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.LogFiles;
import io.kelp.testkit.ManagedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries the local stack prints find what they claim: the stack's pipeline (operator, agent,
 * one transfer per example collection, launched from their jars as {@code ./local-stack.sh} does)
 * indexes the example shop's logs, and each printed query, sent as printed, has at least one hit.
 */
class ExampleQueriesIT {

    private static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static KubernetesClient kubernetes;
    private static Pipeline pipeline;
    private static List<CollectionRef> collections = List.of();
    private static final List<ManagedProcess> transfers = new ArrayList<>();

    @BeforeAll
    static void runTheLocalStacksPipelineOnTheExampleShop() throws Exception {
        Path root = Pipeline.findRepositoryRoot();
        LocalServers.start();
        Pipeline.loadCrds(KelpServers.kubernetes(), root);
        kubernetes = KelpServers.kubernetes().client();
        Path podLogRoot = Files.createDirectories(work.resolve("var-log-pods"));
        pipeline = new Pipeline(LocalServers.endpoints(), root, LogFiles.directory());
        pipeline.startOperator();
        pipeline.startAgent(ExampleShop.NODE, podLogRoot, Files.createDirectories(work.resolve("agent-checkpoints")));
        ExampleShop.createPods(kubernetes);
        collections = ExampleShop.applyCollections(kubernetes, root);
        for (CollectionRef collection : collections) {
            transfers.add(pipeline.startTransfer(collection));
        }
        SampleLogGenerator generator = ExampleShop.logGenerator(podLogRoot);
        generator.writeEveryKind();
        generator.writeBurst(5);
    }

    /**
     * Leaves nothing of the shop behind for the other tests of this JVM (WalkingSkeletonIT applies
     * the same shop/web collection and counts its documents): the collections go with their topics
     * and indices, while the operator still runs to remove them.
     */
    @AfterAll
    static void removeTheExampleShop() throws InterruptedException {
        try {
            for (CollectionRef collection : collections) {
                var resource = kubernetes.resources(LogCollection.class).inNamespace(collection.namespace())
                        .withName(collection.name());
                resource.edit(c -> {
                    c.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
                    return c;
                });
                resource.delete();
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (collections.stream().anyMatch(c -> kubernetes.resources(LogCollection.class)
                    .inNamespace(c.namespace()).withName(c.name()).get() != null)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the example collections were not removed within 60 s");
                }
                Thread.sleep(250);
            }
            ExampleShop.PODS.forEach(pod -> kubernetes.pods().inNamespace(ExampleShop.NAMESPACE)
                    .withName(pod.name()).delete());
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
        }
    }

    @Test
    void everyPrintedQueryFindsTheExampleShopsLogs() throws Exception {
        String url = KelpServers.elasticsearch().url();
        Map<ExampleQuery, Long> hits = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(SEARCHABLE_WITHIN);
        do {
            refresh(url);
            for (ExampleQuery query : ExampleQueries.ALL) {
                hits.put(query, hits(url, query));
            }
            if (hits.values().stream().allMatch(n -> n > 0)) {
                return;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        StringBuilder why = new StringBuilder("not every example query found something within "
                + SEARCHABLE_WITHIN.toSeconds() + " s:\n");
        hits.forEach((query, n) -> why.append("  ").append(n).append(" hits: ").append(query.curl(url)).append('\n'));
        transfers.forEach(transfer -> why.append(transfer.outputTail(10)).append('\n'));
        throw new AssertionError(why);
    }

    /** The query's hits, sent as the printed curl line sends it: its path verbatim, no re-encoding. */
    private static long hits(String url, ExampleQuery query) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url + query.path());
        if (response.statusCode() != 200) {
            // A new daily index whose shard is not assigned yet answers 503: not searchable yet.
            return 0;
        }
        JsonNode body = JSON.readTree(response.body());
        return query.isCount() ? body.path("count").asLong() : body.path("hits").path("total").path("value").asLong();
    }

    private static void refresh(String url) throws IOException, InterruptedException {
        get(url + "/kelp-*/_refresh?allow_no_indices=true");
    }

    private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        // URI.create refuses what a shell-pasted curl line could not carry either: spaces, quotes.
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

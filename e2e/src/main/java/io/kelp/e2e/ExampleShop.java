package io.kelp.e2e;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.e2e.SampleLogGenerator.Style;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example the local stack runs: a shop's pods in namespace {@code shop} on one node, the
 * LogCollections of {@code examples/} that select them, and realistic logs for each pod. Shared by
 * the local stack and {@code ExampleQueriesIT}, so the queries the stack prints are tested on what it writes.
 */
final class ExampleShop {

    static final String NODE = "local-node";
    static final String NAMESPACE = "shop";
    static final List<ExamplePod> PODS = List.of(
            new ExamplePod("web-7d9f", "000000000001", Map.of("app", "web"), "nginx", Style.ACCESS_LOG),
            new ExamplePod("web-a41c", "000000000002", Map.of("app", "web"), "nginx", Style.ACCESS_LOG),
            new ExamplePod("checkout-5c8d", "000000000003", Map.of("app", "checkout"), "checkout", Style.JAVA_SERVICE),
            new ExamplePod("payments-0", "000000000004", Map.of("app", "payments"), "payments", Style.JSON_LINES),
            new ExamplePod("db-0", "000000000005", Map.of("app", "db"), "postgres", Style.ACCESS_LOG));

    record ExamplePod(String name, String uidSuffix, Map<String, String> labels, String container, Style style) {
        String uid() {
            return "7c0e3b7e-3d0b-4c55-9b9e-" + uidSuffix;
        }
    }

    private ExampleShop() {
    }

    static void createPods(KubernetesClient kubernetes) {
        LocalStack.step("creating the example pods in namespace " + NAMESPACE + " on node " + NODE);
        for (ExamplePod pod : PODS) {
            kubernetes.pods().resource(new PodBuilder()
                    .withNewMetadata().withNamespace(NAMESPACE).withName(pod.name())
                    .withUid(pod.uid()).withLabels(pod.labels()).endMetadata()
                    .withNewSpec().withNodeName(NODE).addNewContainer().withName(pod.container())
                    .withImage("example").endContainer().endSpec().build()).createOr(c -> c.update());
        }
    }

    /** Applies every LogCollection in {@code examples/}, as {@code kubectl apply -f examples/} would. */
    static List<CollectionRef> applyCollections(KubernetesClient kubernetes, Path root) throws IOException {
        List<CollectionRef> applied = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("examples"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("logcollection-")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    LogCollection collection = kubernetes.resources(LogCollection.class).load(in).item();
                    kubernetes.resource(collection).createOr(c -> c.update());
                    applied.add(new CollectionRef(collection.getMetadata().getNamespace(),
                            collection.getMetadata().getName()));
                    LocalStack.step("applied " + root.relativize(file));
                }
            }
        }
        return applied;
    }

    /** Writes the example pods' logs under {@code podLogRoot}, where the agent of {@link #NODE} tails them. */
    static SampleLogGenerator logGenerator(Path podLogRoot) {
        SampleLogGenerator generator = new SampleLogGenerator(podLogRoot, NAMESPACE);
        PODS.forEach(pod -> generator.addPod(pod.name(), pod.uid(), pod.container(), pod.style()));
        return generator;
    }
}

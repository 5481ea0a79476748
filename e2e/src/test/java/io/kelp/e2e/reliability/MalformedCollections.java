package io.kelp.e2e.reliability;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionSpec;
import io.kelp.api.v1alpha1.MultilineSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * LogCollections with invalid specs, created next to the valid one while its lines flow: each must
 * end with {@code Ready=False}, reason {@code InvalidSpec} and a message naming the bad field, the
 * valid collection's lines must keep arriving, and a valid collection created after them must
 * still become Ready (the operator is not stuck on them).
 */
final class MalformedCollections implements Scenario {

    private static final int FILES = 4;
    private static final Duration REFUSAL_TIMEOUT = Duration.ofMinutes(3);

    /** One way to get a spec wrong, and the field the refusal must name. */
    private record Defect(String field, Consumer<LogCollectionSpec> apply) {
    }

    private static final List<Defect> DEFECTS = List.of(
            new Defect("spec.kafka.partitions", s -> s.getKafka().setPartitions(0)),
            new Defect("spec.kafka.partitions", s -> s.getKafka().setPartitions(5_000)),
            new Defect("spec.kafka.replicationFactor", s -> s.getKafka().setReplicationFactor(0)),
            new Defect("spec.kafka.retentionMs", s -> s.getKafka().setRetentionMs(1_000L)),
            new Defect("spec.kafka.compression", s -> s.getKafka().setCompression("brotli")),
            new Defect("spec.elasticsearch.shards", s -> s.getElasticsearch().setShards(0)),
            new Defect("spec.elasticsearch.replicas", s -> s.getElasticsearch().setReplicas(9)),
            new Defect("spec.elasticsearch.retentionDays", s -> s.getElasticsearch().setRetentionDays(0)),
            new Defect("spec.elasticsearch.extraMappings.message",
                    s -> s.getElasticsearch().setExtraMappings(Map.of("message", "keyword"))),
            new Defect("spec.elasticsearch.extraMappings.where",
                    s -> s.getElasticsearch().setExtraMappings(Map.of("where", "geo_point"))),
            new Defect("spec.selector.matchLabels", s -> s.getSelector().setMatchLabels(Map.of("bad key!", "x"))),
            new Defect("spec.selector.matchLabels.app", s -> s.getSelector().setMatchLabels(Map.of("app", "has spaces"))),
            new Defect("spec.selector.containers", s -> s.getSelector().setContainers(List.of("Bad_Container"))),
            new Defect("spec.parse.multiline.startPattern", s -> s.getParse().setMultiline(multiline("([unclosed", 1000L))),
            new Defect("spec.parse.multiline.maxWaitMillis", s -> s.getParse().setMultiline(multiline("^\\S", 0L))),
            new Defect("spec.transfer.minReplicas", s -> {
                s.getTransfer().setMinReplicas(5);
                s.getTransfer().setMaxReplicas(2);
            }),
            new Defect("spec.transfer.maxReplicas", s -> s.getTransfer().setMaxReplicas(0)),
            new Defect("spec.transfer.targetLagPerReplica", s -> s.getTransfer().setTargetLagPerReplica(0L)),
            new Defect("spec.transfer.activationLag", s -> s.getTransfer().setActivationLag(-1L)),
            new Defect("metadata.name", s -> { }));

    private final int count;
    private final double linesPerSecond;

    MalformedCollections(int count, double linesPerSecond) {
        this.count = count;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return "malformed LogCollections";
    }

    @Override
    public String fault() {
        return String.format("%d invalid LogCollections (%d kinds of defect) created next to the valid one; "
                + "%,.0f lines/s into %d files of the valid one", count, DEFECTS.size(), linesPerSecond, FILES);
    }

    private static MultilineSpec multiline(String pattern, Long maxWait) {
        MultilineSpec multiline = new MultilineSpec();
        multiline.setStartPattern(pattern);
        multiline.setMaxWaitMillis(maxWait);
        return multiline;
    }

    @Override
    public void run(ScenarioRun run) {
        ReliabilityStack stack = run.stack();
        String namespace = ReliabilityStack.COLLECTION.namespace();
        try (SteadyWriter writer = SteadyWriter.start(run.newLogs(FILES), linesPerSecond)) {
            long before = run.searchable();
            long start = System.nanoTime();
            List<LogCollection> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Defect defect = DEFECTS.get(i % DEFECTS.size());
                String name = defect.field().equals("metadata.name") ? "bad.name-" + i : "bad-" + i;
                LogCollection collection = collection(namespace, name);
                defect.apply().accept(collection.getSpec());
                created.add(stack.kube().resource(collection).create());
            }
            List<String> problems = awaitRefusals(stack, created);
            double refusedAfter = (System.nanoTime() - start) / 1e9;
            if (!problems.isEmpty()) {
                throw new AssertionError(problems.size() + " of " + count + " malformed LogCollections were not "
                        + "refused with their field named:\n  " + String.join("\n  ", problems.subList(0,
                        Math.min(10, problems.size()))));
            }
            long validStart = System.nanoTime();
            LogCollection valid = collection(namespace, "after-bad");
            valid.getSpec().getSelector().setMatchLabels(Map.of("app", "nothing-runs-here"));
            stack.kube().resource(valid).create();
            Waiting.until(Duration.ofSeconds(90), () -> stack.ready(namespace, "after-bad")
                    .filter(c -> "True".equals(c.getStatus())).isPresent(), () -> "a valid LogCollection created "
                    + "after the malformed ones never became Ready: " + stack.ready(namespace, "after-bad"));
            run.note(String.format("%d/%d refused (Ready=False, InvalidSpec, field named) within %.0f s; "
                            + "%,d lines of the valid collection indexed meanwhile; a valid collection created after "
                            + "them was Ready in %.1f s", count, count, refusedAfter, run.searchable() - before,
                    (System.nanoTime() - validStart) / 1e9));
            created.forEach(c -> stack.kube().resource(c).delete());
            stack.kube().resource(valid).delete();
        }
    }

    private static LogCollection collection(String namespace, String name) {
        LogCollection collection = new LogCollection();
        collection.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        collection.setSpec(new LogCollectionSpec());
        return collection;
    }

    /** Waits until every collection is refused; returns what is wrong with those that are not. */
    private List<String> awaitRefusals(ReliabilityStack stack, List<LogCollection> created) {
        long deadline = System.nanoTime() + REFUSAL_TIMEOUT.toNanos();
        List<String> problems;
        do {
            problems = new ArrayList<>();
            for (int i = 0; i < created.size(); i++) {
                String field = DEFECTS.get(i % DEFECTS.size()).field();
                String name = created.get(i).getMetadata().getName();
                Optional<Condition> ready = stack.ready(created.get(i).getMetadata().getNamespace(), name);
                if (ready.isEmpty()) {
                    problems.add(name + ": no Ready condition yet");
                } else if (!"False".equals(ready.get().getStatus()) || !"InvalidSpec".equals(ready.get().getReason())
                        || !ready.get().getMessage().contains(field)) {
                    problems.add(name + ": expected Ready=False/InvalidSpec naming " + field + ", got "
                            + ready.get().getStatus() + "/" + ready.get().getReason() + ": " + ready.get().getMessage());
                }
            }
            if (!problems.isEmpty()) {
                Waiting.sleep(Duration.ofSeconds(1));
            }
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        return problems;
    }
}

package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.contract.CollectionRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's live status table: one row per collection and call. Every figure is read from
 * the system that owns it, not guessed: Ready, agents and lines/s from the collection's status
 * (which the operator feeds from agent heartbeats), documents from Elasticsearch, documents per
 * second since the previous row, and the transfer's consumer lag from Kafka.
 */
final class StackStatus {

    private static final String ROW = "%-8s %-16s %-6s %6s %8s %10s %8s %6s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final List<CollectionRef> collections;
    private final KubernetesClient kubernetes;
    private final ElasticsearchClient elasticsearch;
    private final Admin kafka;
    private final PrintStream out;
    private final Map<CollectionRef, Long> lastDocuments = new HashMap<>();
    private long lastNanos;

    StackStatus(List<CollectionRef> collections, KubernetesClient kubernetes, ElasticsearchClient elasticsearch,
            Admin kafka, PrintStream out) {
        this.collections = List.copyOf(collections);
        this.kubernetes = kubernetes;
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
        this.out = out;
    }

    void printHeader() {
        out.printf(ROW, "TIME", "COLLECTION", "READY", "AGENTS", "LINES/S", "DOCUMENTS", "DOCS/S", "LAG");
    }

    void printRows() {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        lastNanos = now;
        String time = LocalTime.now().format(TIME);
        for (CollectionRef collection : collections) {
            LogCollectionStatus status = status(collection);
            long documents = documents(collection);
            Long previous = lastDocuments.put(collection, documents);
            String rate = previous == null || previous < 0 || documents < 0 ? "-"
                    : String.format("%.1f", (documents - previous) / seconds);
            out.printf(ROW, time, collection, ready(status),
                    status == null ? "-" : Objects.toString(status.getAgents(), "-"),
                    status == null ? "-" : Objects.toString(status.getLinesPerSecond(), "-"),
                    documents < 0 ? "?" : Long.toString(documents), rate, lag(collection));
        }
    }

    long totalDocuments() {
        return collections.stream().mapToLong(c -> Math.max(0, documents(c))).sum();
    }

    private LogCollectionStatus status(CollectionRef collection) {
        LogCollection current = kubernetes.resources(LogCollection.class)
                .inNamespace(collection.namespace()).withName(collection.name()).get();
        return current == null ? null : current.getStatus();
    }

    private static String ready(LogCollectionStatus status) {
        if (status == null) {
            return "-";
        }
        return status.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse("-");
    }

    long documents(CollectionRef collection) {
        try {
            elasticsearch.indices().refresh(r -> r.index(collection.indexPattern()).allowNoIndices(true));
            return elasticsearch.count(c -> c.index(collection.indexPattern()).allowNoIndices(true)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Sum over partitions of end offset minus the group's committed offset. */
    private String lag(CollectionRef collection) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka
                    .listConsumerGroupOffsets(collection.consumerGroup()).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            var partitions = kafka.describeTopics(List.of(collection.topic())).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(collection.topic()).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(collection.topic(), p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.listOffsets(latest).all()
                    .get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return Long.toString(lag);
        } catch (Exception e) {
            return "?";
        }
    }
}

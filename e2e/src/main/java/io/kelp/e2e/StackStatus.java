package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One line of the local stack's live status table per call: whether the collection is Ready,
 * documents searchable, documents per second since the last line, and the transfer's consumer lag.
 * Every figure is read from the system that owns it (the API, Elasticsearch, Kafka), not guessed.
 */
final class StackStatus {

    private final CollectionRef collection;
    private final KubernetesClient kubernetes;
    private final ElasticsearchClient elasticsearch;
    private final Admin kafka;
    private final PrintStream out;
    private long lastDocuments = -1;
    private long lastNanos;

    StackStatus(CollectionRef collection, KubernetesClient kubernetes, ElasticsearchClient elasticsearch, Admin kafka,
            PrintStream out) {
        this.collection = collection;
        this.kubernetes = kubernetes;
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
        this.out = out;
    }

    void printHeader() {
        out.printf("%-12s %-6s %10s %8s %8s%n", "COLLECTION", "READY", "DOCUMENTS", "DOCS/S", "LAG");
    }

    void printLine() {
        long documents = documents();
        long now = System.nanoTime();
        String rate = lastDocuments < 0 || documents < 0 ? "-"
                : String.format("%.1f", (documents - lastDocuments) * 1e9 / (now - lastNanos));
        lastDocuments = documents;
        lastNanos = now;
        out.printf("%-12s %-6s %10s %8s %8s%n", collection, ready(), documents < 0 ? "?" : Long.toString(documents),
                rate, lag());
    }

    private String ready() {
        LogCollection current = kubernetes.resources(LogCollection.class)
                .inNamespace(collection.namespace()).withName(collection.name()).get();
        if (current == null || current.getStatus() == null) {
            return "-";
        }
        return current.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse("-");
    }

    private long documents() {
        try {
            elasticsearch.indices().refresh(r -> r.index(collection.indexPattern()).allowNoIndices(true));
            return elasticsearch.count(c -> c.index(collection.indexPattern()).allowNoIndices(true)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Sum over partitions of end offset minus the group's committed offset. */
    private String lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka
                    .listConsumerGroupOffsets(collection.consumerGroup()).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            var partitions = kafka.describeTopics(java.util.List.of(collection.topic())).allTopicNames()
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

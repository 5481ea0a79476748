package io.kelp.e2e.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many Elasticsearch documents carry each marker of one stream: every document of the stream's
 * pods is read (point in time + {@code search_after}, only {@code message} fetched) and its markers
 * counted. A document of those pods with no complete marker is counted as unmarked (a torn line).
 *
 * <p>Counts are bytes per writer indexed by seq (saturating at 127), so tens of millions of lines
 * fit in as many bytes.
 */
final class DocumentTally {

    private static final int PAGE = 10_000;
    private static final int SAMPLES = 5;

    private final String stream;
    private final Map<Integer, byte[]> counts = new HashMap<>();
    private long documents;
    private long unmarked;
    private final List<String> unmarkedSamples = new ArrayList<>();

    private DocumentTally(String stream) {
        this.stream = stream;
    }

    /** Refreshes {@code indices} and counts the documents of the stream's pods in them. */
    static DocumentTally of(ElasticsearchClient client, String indices, String stream) {
        return Waiting.retrying("read the documents of stream " + stream, () -> {
            DocumentTally tally = new DocumentTally(stream);
            client.indices().refresh(r -> r.index(indices).allowNoIndices(true).ignoreUnavailable(true));
            String pit = client.openPointInTime(p -> p.index(indices).keepAlive(t -> t.time("2m"))
                    .ignoreUnavailable(true)).id();
            try {
                tally.scan(client, pit);
            } finally {
                client.closePointInTime(c -> c.id(pit));
            }
            return tally;
        });
    }

    /** Documents of the stream's pods, without reading them: to watch progress cheaply. */
    static long count(ElasticsearchClient client, String indices, String stream) {
        return count(client, indices, ofStream(stream));
    }

    /** Documents of one pod. */
    static long countPod(ElasticsearchClient client, String indices, String pod) {
        return count(client, indices, Query.of(q -> q.term(t -> t.field("kubernetes.pod.name").value(pod))));
    }

    private static long count(ElasticsearchClient client, String indices, Query query) {
        return Waiting.retrying("count documents in " + indices + " (" + query + ")", () -> {
            client.indices().refresh(r -> r.index(indices).allowNoIndices(true).ignoreUnavailable(true));
            return client.count(c -> c.index(indices).allowNoIndices(true).ignoreUnavailable(true).query(query))
                    .count();
        });
    }

    private static Query ofStream(String stream) {
        return Query.of(q -> q.prefix(p -> p.field("kubernetes.pod.name").value(stream + "-")));
    }

    private void scan(ElasticsearchClient client, String pit) throws IOException {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<ObjectNode> page = client.search(s -> {
                s.size(PAGE).query(ofStream(stream))
                        .pit(p -> p.id(pit).keepAlive(t -> t.time("2m")))
                        .source(src -> src.filter(f -> f.includes("message")))
                        .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)))
                        .trackTotalHits(t -> t.enabled(false));
                if (from != null) {
                    s.searchAfter(from);
                }
                return s;
            }, ObjectNode.class);
            List<Hit<ObjectNode>> hits = page.hits().hits();
            for (Hit<ObjectNode> hit : hits) {
                JsonNode message = hit.source() == null ? null : hit.source().get("message");
                add(message == null ? "" : message.asText());
            }
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    void add(String message) {
        documents++;
        boolean marked = false;
        for (Marker marker : Marker.findAll(message)) {
            if (marker.stream().equals(stream)) {
                increment(marker);
                marked = true;
            }
        }
        if (!marked) {
            unmarked++;
            if (unmarkedSamples.size() < SAMPLES) {
                unmarkedSamples.add(message.length() > 160 ? message.substring(0, 160) + "..." : message);
            }
        }
    }

    private void increment(Marker marker) {
        byte[] writer = counts.computeIfAbsent(marker.writer(), w -> new byte[1024]);
        if (marker.seq() >= writer.length) {
            writer = Arrays.copyOf(writer, (int) Math.max(marker.seq() + 1, writer.length * 2L));
            counts.put(marker.writer(), writer);
        }
        int index = (int) marker.seq();
        if (writer[index] < Byte.MAX_VALUE) {
            writer[index]++;
        }
    }

    /** Documents holding {@code marker} (at most 127). */
    int count(Marker marker) {
        byte[] writer = counts.get(marker.writer());
        return writer == null || marker.seq() >= writer.length ? 0 : writer[(int) marker.seq()];
    }

    /** Seqs of {@code writer} at or above {@code from} that have documents: markers nobody wrote. */
    List<Long> seqsFrom(int writer, long from) {
        byte[] seen = counts.get(writer);
        List<Long> found = new ArrayList<>();
        for (long seq = from; seen != null && seq < seen.length; seq++) {
            if (seen[(int) seq] > 0) {
                found.add(seq);
            }
        }
        return found;
    }

    /** Writers that have documents. */
    java.util.Set<Integer> writers() {
        return counts.keySet();
    }

    long documents() {
        return documents;
    }

    long unmarked() {
        return unmarked;
    }

    List<String> unmarkedSamples() {
        return unmarkedSamples;
    }
}

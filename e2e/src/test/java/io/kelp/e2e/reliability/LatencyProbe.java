package io.kelp.e2e.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kelp.testkit.measure.Percentiles;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end latency, line written → searchable: one written line in {@code every} is remembered
 * with its write time, and a poller searches Elasticsearch every {@link #POLL_MILLIS} for the
 * remembered markers not seen yet (a {@code terms} query on {@code message}: a marker is one token).
 * A line's latency is the time of the first search that found it minus its write time, so it
 * includes the index refresh and is at most one poll interval late.
 */
final class LatencyProbe implements SteadyWriter.Listener, AutoCloseable {

    static final long POLL_MILLIS = 250;
    private static final int MAX_TERMS = 1_000;

    private final ElasticsearchClient client;
    private final String indices;
    private final int every;
    /** Marker text → write time (epoch millis), oldest first. */
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final List<Double> latenciesMillis = new ArrayList<>();
    private final Repeating poller;
    private volatile long failedPolls;

    LatencyProbe(ElasticsearchClient client, String indices, int every) {
        this.client = client;
        this.indices = indices;
        this.every = every;
        this.poller = Repeating.every(Duration.ofMillis(POLL_MILLIS), "latency-probe", this::poll);
    }

    @Override
    public void written(ContainerLog log, long firstSeq, int count, long epochMillis) {
        long firstProbe = (firstSeq + every - 1) / every * every;
        synchronized (pending) {
            for (long seq = firstProbe; seq < firstSeq + count; seq += every) {
                pending.put(log.marker(seq).text(), epochMillis);
            }
        }
    }

    private void poll() {
        try {
            pollOnce();
        } catch (IOException | RuntimeException e) {
            // Elasticsearch busy or restarting: the lines stay pending and are looked for next time.
            failedPolls++;
        }
    }

    private void pollOnce() throws IOException {
        List<FieldValue> terms = new ArrayList<>();
        synchronized (pending) {
            Iterator<String> it = pending.keySet().iterator();
            while (it.hasNext() && terms.size() < MAX_TERMS) {
                terms.add(FieldValue.of(it.next()));
            }
        }
        if (terms.isEmpty()) {
            return;
        }
        List<Hit<ObjectNode>> hits = client.search(s -> s.index(indices).allowNoIndices(true).ignoreUnavailable(true)
                .size(terms.size()).source(src -> src.filter(f -> f.includes("message")))
                .query(q -> q.terms(t -> t.field("message").terms(v -> v.value(terms)))), ObjectNode.class)
                .hits().hits();
        long now = System.currentTimeMillis();
        synchronized (pending) {
            for (Hit<ObjectNode> hit : hits) {
                JsonNode message = hit.source() == null ? null : hit.source().get("message");
                for (Marker marker : Marker.findAll(message == null ? "" : message.asText())) {
                    Long writtenAt = pending.remove(marker.text());
                    if (writtenAt != null) {
                        latenciesMillis.add((double) (now - writtenAt));
                    }
                }
            }
        }
    }

    Percentiles percentiles() {
        synchronized (pending) {
            return Percentiles.of(List.copyOf(latenciesMillis));
        }
    }

    /** Remembered lines not found yet. */
    int unseen() {
        synchronized (pending) {
            return pending.size();
        }
    }

    long failedPolls() {
        return failedPolls;
    }

    @Override
    public void close() {
        poller.close();
    }
}

package io.kelp.transfer.bench;

import io.kelp.transfer.bulk.BulkBody;
import io.kelp.transfer.pipeline.DailyIndexes;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The yardstick: plain {@code _bulk} requests of pre-built bodies, with no Kafka and no bookkeeping,
 * as fast as Elasticsearch takes them. Bodies are built before the clock starts, so the time is
 * Elasticsearch's alone. They hold the documents the transfer indexes from the benchmark's
 * event-batch records (each line's event merged with the source's fields), under the same ids.
 */
final class RawBulkLoader {

    private RawBulkLoader() {
    }

    /** Indexes documents {@code from..to-1} into indices with this prefix; returns elapsed nanos. */
    static long load(RestClient client, String indexPrefix, long from, long to, int bulkDocs, int concurrency)
            throws Exception {
        List<byte[]> bodies = bodies(indexPrefix, from, to, bulkDocs);
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = (int) next.getAndIncrement(); i < bodies.size(); i = (int) next.getAndIncrement()) {
                        send(client, bodies.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<byte[]> bodies(String indexPrefix, long from, long to, int bulkDocs) {
        DailyIndexes indexes = new DailyIndexes(indexPrefix);
        List<byte[]> bodies = new ArrayList<>();
        BulkBody body = new BulkBody(1 << 20);
        for (long seq = from; seq < to; seq++) {
            body.add(indexes.actionPrefixFor(BenchDocuments.timestamp(seq)),
                    BenchDocuments.id(seq).getBytes(StandardCharsets.US_ASCII), BenchDocuments.document(seq));
            if (body.documents() == bulkDocs || seq == to - 1) {
                bodies.add(java.util.Arrays.copyOf(body.buffer(), body.length()));
                body.reset();
            }
        }
        return bodies;
    }

    private static void send(RestClient client, byte[] body) throws Exception {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", "errors");
        request.setEntity(new ByteArrayEntity(body, ContentType.create("application/x-ndjson")));
        Response response = client.performRequest(request);
        String answer = EntityUtils.toString(response.getEntity());
        if (!answer.contains("\"errors\":false")) {
            throw new IllegalStateException("raw bulk had errors: " + answer);
        }
    }
}

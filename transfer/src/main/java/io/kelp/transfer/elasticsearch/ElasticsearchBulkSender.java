package io.kelp.transfer.elasticsearch;

import io.kelp.transfer.bulk.BulkResponseParser;
import io.kelp.transfer.pipeline.BulkSender;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.util.Arrays;

/**
 * Sends raw {@code _bulk} bodies with the low-level REST client: no per-document objects, no
 * re-serialisation, the body goes out as the bytes we built (uncompressed: gzip would spend the
 * CPU that Elasticsearch, often on the same nodes, needs).
 */
public final class ElasticsearchBulkSender implements BulkSender, AutoCloseable {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final RestClient client;

    public ElasticsearchBulkSender(RestClient client) {
        this.client = client;
    }

    /** A client for comma-separated URLs, with timeouts suited to large bulks. */
    public static RestClient clientFor(String urls, int connections) {
        return clientFor(urls, connections, new Header[0]);
    }

    /** The same, sending {@code defaultHeaders} (authentication) with every request. */
    public static RestClient clientFor(String urls, int connections, Header[] defaultHeaders) {
        HttpHost[] hosts = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(u -> !u.isEmpty())
                .map(HttpHost::create)
                .toArray(HttpHost[]::new);
        return RestClient.builder(hosts)
                .setDefaultHeaders(defaultHeaders)
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(120_000))
                .setHttpClientConfigCallback(c -> c.setMaxConnTotal(connections + 4).setMaxConnPerRoute(connections + 4))
                .build();
    }

    @Override
    public Reply send(byte[] body, int length) throws IOException {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", BulkResponseParser.FILTER_PATH);
        request.setEntity(new BulkRequestEntity(body, length, NDJSON));
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        byte[] content = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        return new Reply(response.getStatusLine().getStatusCode(), content);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}

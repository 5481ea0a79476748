package io.kelp.operator.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists and deletes a collection's daily indices. Deletes name every index explicitly:
 * Elasticsearch refuses wildcard deletes by default ({@code action.destructive_requires_name}),
 * and naming them keeps a deletion from ever reaching beyond what was listed.
 */
public final class IndexHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keeps one DELETE's URL well below common proxy and server line limits. */
    private static final int DELETE_BATCH = 50;

    private final RestClient client;

    public IndexHandler(RestClient client) {
        this.client = client;
    }

    public List<String> list(String pattern) throws PartFailure {
        Request request = new Request("GET", "/_cat/indices/" + pattern);
        request.addParameter("format", "json");
        request.addParameter("h", "index");
        request.addParameter("expand_wildcards", "open,closed");
        try {
            Response response = client.performRequest(request);
            List<String> names = new ArrayList<>();
            try (InputStream body = response.getEntity().getContent()) {
                for (JsonNode row : JSON.readTree(body)) {
                    names.add(row.path("index").asText());
                }
            }
            return names;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return List.of();
            }
            throw failure("list indices " + pattern, e);
        } catch (IOException e) {
            throw failure("list indices " + pattern, e);
        }
    }

    public void delete(List<String> indices) throws PartFailure {
        for (int from = 0; from < indices.size(); from += DELETE_BATCH) {
            List<String> batch = indices.subList(from, Math.min(indices.size(), from + DELETE_BATCH));
            Request request = new Request("DELETE", "/" + String.join(",", batch));
            request.addParameter("ignore_unavailable", "true");
            try {
                client.performRequest(request);
            } catch (IOException e) {
                throw failure("delete indices " + batch, e);
            }
        }
    }

    private static PartFailure failure(String what, IOException e) {
        return PartFailure.retryable(Reason.ElasticsearchUnavailable,
                "Elasticsearch failed to " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}

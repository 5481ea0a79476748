package io.kelp.operator.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kelp.operator.desired.IndexTemplateSpec;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;

/**
 * Puts a collection's composable index template, skipping the write when Elasticsearch already
 * holds a template with the same {@code _meta.kelp_hash}. Thread-safe (the RestClient is).
 */
public final class IndexTemplateHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    public IndexTemplateHandler(RestClient client) {
        this.client = client;
    }

    /** Returns whether it wrote the template. */
    public boolean ensure(IndexTemplateSpec spec) throws PartFailure {
        if (spec.hash().equals(storedHash(spec.name()))) {
            return false;
        }
        Request put = new Request("PUT", "/_index_template/" + spec.name());
        put.setEntity(new ByteArrayEntity(spec.bodyJson(), ContentType.APPLICATION_JSON));
        perform(put, "put index template " + spec.name());
        return true;
    }

    /** Deletes the template; returns whether it existed. */
    public boolean delete(String name) throws PartFailure {
        try {
            perform(new Request("DELETE", "/_index_template/" + name), "delete index template " + name);
            return true;
        } catch (PartFailure e) {
            if (status(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The hash of the stored template, or null when there is none. */
    private String storedHash(String name) throws PartFailure {
        Response response;
        try {
            response = perform(new Request("GET", "/_index_template/" + name), "read index template " + name);
        } catch (PartFailure e) {
            if (status(e) == 404) {
                return null;
            }
            throw e;
        }
        try (InputStream body = response.getEntity().getContent()) {
            JsonNode hash = JSON.readTree(body).path("index_templates").path(0)
                    .path("index_template").path("_meta").path(IndexTemplateSpec.HASH_KEY);
            return hash.isTextual() ? hash.asText() : null;
        } catch (IOException e) {
            throw PartFailure.retryable(Reason.ElasticsearchUnavailable,
                    "unreadable answer reading index template " + name + ": " + e.getMessage(), e);
        }
    }

    private Response perform(Request request, String what) throws PartFailure {
        try {
            return client.performRequest(request);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            // 4xx: Elasticsearch refuses what we sent, retrying the same body cannot help.
            boolean retryable = status >= 500 || status == 429;
            throw new PartFailure(retryable ? Reason.ElasticsearchUnavailable : Reason.ElasticsearchRejected,
                    "Elasticsearch answered " + status + " to " + what + ": " + errorBody(e.getMessage()),
                    retryable, e);
        } catch (IOException e) {
            throw PartFailure.retryable(Reason.ElasticsearchUnavailable,
                    "Elasticsearch unreachable to " + what + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static int status(PartFailure e) {
        return e.getCause() instanceof ResponseException re ? re.getResponse().getStatusLine().getStatusCode() : -1;
    }

    private static String errorBody(String message) {
        if (message == null) {
            return "";
        }
        String last = message.lines().reduce((a, b) -> b).orElse("");
        return last.length() > 300 ? last.substring(0, 300) : last;
    }
}

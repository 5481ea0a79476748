package io.kelp.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of an agent's heartbeat key ({@link AgentHeartbeats}): who the agent is and, per
 * collection it works for, what it shipped. Readers ignore fields they do not know.
 *
 * <pre>{@code
 * {"node": "node-a", "agentVersion": "0.1.0", "timeMillis": 1763776800000, "intervalMillis": 5000,
 *  "collections": {"shop/web": {"linesShipped": 120345, "linesPerSecond": 212.4, "filesTailed": 3}}}
 * }</pre>
 *
 * @param node           the node (or VM host) the agent runs on; also the last segment of its key
 * @param agentVersion   the agent's version
 * @param timeMillis     when this value was written (epoch millis)
 * @param intervalMillis the interval {@code linesPerSecond} was measured over
 * @param collections    per collection, by {@link CollectionRef#toString()} ({@code <namespace>/<name>},
 *                       the suffix of its task key): only collections the agent tails files for or
 *                       shipped lines of in the last interval
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentHeartbeat(String node, String agentVersion, long timeMillis, long intervalMillis,
                             Map<String, Shipping> collections) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public AgentHeartbeat {
        // Sorted, so an unchanged state serialises to the same bytes.
        collections = collections == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(collections));
    }

    /**
     * What one agent did for one collection.
     *
     * @param linesShipped   records Kafka acknowledged since the agent started
     * @param linesPerSecond acknowledged records per second over the last interval
     * @param filesTailed    files the agent tails for the collection now
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Shipping(long linesShipped, double linesPerSecond, int filesTailed) {
    }

    /** The entries whose key names a collection; malformed keys (from a newer or broken writer) are skipped. */
    public Map<CollectionRef, Shipping> byCollection() {
        Map<CollectionRef, Shipping> result = new LinkedHashMap<>();
        collections.forEach((name, shipping) -> {
            if (shipping == null) {
                return;
            }
            try {
                result.put(CollectionRef.parse(name), shipping);
            } catch (IllegalArgumentException e) {
                // Not a collection name: ignore it rather than the whole heartbeat.
            }
        });
        return result;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a heartbeat value; throws {@link IllegalArgumentException} when it is not one. */
    public static AgentHeartbeat fromJson(byte[] json) {
        try {
            return JSON.readValue(json, AgentHeartbeat.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an AgentHeartbeat: " + e.getMessage(), e);
        }
    }
}

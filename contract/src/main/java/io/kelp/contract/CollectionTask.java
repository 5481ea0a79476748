package io.kelp.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value of a task key in etcd: everything an agent needs to collect a LogCollection and a
 * transfer needs to index it. The operator derives it from the custom resource; readers ignore
 * fields they do not know, so the operator can add fields before every agent is upgraded.
 *
 * @param collection which LogCollection this task belongs to
 * @param generation the resource generation this task was computed from
 * @param source     which logs to collect
 * @param parse      how to turn raw lines into records
 * @param sink       where records go
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectionTask(CollectionRef collection, long generation, Source source, Parse parse, Sink sink) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public CollectionTask {
        Objects.requireNonNull(collection, "collection");
        source = source == null ? Source.of(List.of(collection.namespace()), Map.of(), List.of()) : source;
        parse = parse == null ? Parse.DEFAULT : parse;
        sink = sink == null ? Sink.of(collection) : sink;
    }

    /**
     * Which container logs belong to the collection.
     *
     * @param namespaces  pods must live in one of these namespaces (never empty)
     * @param matchLabels pods must carry all of these labels (empty: every pod)
     * @param containers  only these containers (empty: every container)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(List<String> namespaces, Map<String, String> matchLabels, List<String> containers) {
        public Source {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
            containers = containers == null ? List.of() : List.copyOf(containers);
        }

        public static Source of(List<String> namespaces, Map<String, String> matchLabels, List<String> containers) {
            return new Source(namespaces, matchLabels, containers);
        }

        /** Whether a pod with these coordinates and labels, and this container of it, is selected. */
        public boolean selects(String namespace, Map<String, String> podLabels, String container) {
            if (!namespaces.contains(namespace)) {
                return false;
            }
            if (!containers.isEmpty() && !containers.contains(container)) {
                return false;
            }
            for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
                if (!wanted.getValue().equals(podLabels.get(wanted.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** How lines are parsed. {@code format} is one of {@link LogFormat}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parse(LogFormat format) {
        public static final Parse DEFAULT = new Parse(LogFormat.CRI);

        public Parse {
            format = format == null ? LogFormat.CRI : format;
        }
    }

    /** Where records go: the Kafka topic, and the index prefix the transfer writes to. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sink(String topic, String indexPrefix) {
        public static Sink of(CollectionRef ref) {
            return new Sink(ref.topic(), ref.indexPrefix());
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a task value; a malformed value is reported, never half-applied. */
    public static CollectionTask fromJson(byte[] json) throws InvalidTaskException {
        try {
            return JSON.readValue(json, CollectionTask.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTaskException("task value is not a valid CollectionTask: " + e.getMessage(), e);
        }
    }

    /** A task value that cannot be used; the reader keeps its previous view of that key. */
    public static final class InvalidTaskException extends Exception {
        public InvalidTaskException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
        source = source == null ? defaultSource(collection) : source;
        parse = parse == null ? Parse.DEFAULT : parse;
        sink = sink == null ? Sink.of(collection) : sink;
    }

    // A namespaced collection collects its own namespace; a cluster one names what it collects.
    private static Source defaultSource(CollectionRef collection) {
        return Source.of(collection.clusterScoped() ? List.of() : List.of(collection.namespace()), Map.of(), List.of());
    }

    /**
     * Which logs belong to the collection: container logs of selected pods, and host files.
     *
     * @param namespaces  pods must live in one of these namespaces (empty: no container logs)
     * @param matchLabels pods must carry all of these labels (empty: every pod)
     * @param containers  only these containers (empty: every container)
     * @param hostPaths   absolute glob patterns of host (node or VM) files to tail; only a
     *                    cluster-scoped collection has them
     * @param hostLabels  the host must carry all of these labels for {@code hostPaths} to apply
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(List<String> namespaces, Map<String, String> matchLabels, List<String> containers,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> hostPaths,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> hostLabels) {
        public Source {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
            containers = containers == null ? List.of() : List.copyOf(containers);
            hostPaths = hostPaths == null ? List.of() : List.copyOf(hostPaths);
            hostLabels = hostLabels == null ? Map.of() : Map.copyOf(hostLabels);
        }

        /** Container logs only. */
        public static Source of(List<String> namespaces, Map<String, String> matchLabels, List<String> containers) {
            return new Source(namespaces, matchLabels, containers, List.of(), Map.of());
        }

        /** Whether a pod with these coordinates and labels, and this container of it, is selected. */
        public boolean selects(String namespace, Map<String, String> podLabels, String container) {
            if (!namespaces.contains(namespace)) {
                return false;
            }
            if (!containers.isEmpty() && !containers.contains(container)) {
                return false;
            }
            return carriesAll(podLabels, matchLabels);
        }

        /** Whether a host with these labels tails this task's {@code hostPaths}. */
        public boolean selectsHost(Map<String, String> labelsOfHost) {
            return !hostPaths.isEmpty() && carriesAll(labelsOfHost, hostLabels);
        }

        private static boolean carriesAll(Map<String, String> labels, Map<String, String> wanted) {
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        void validate() throws InvalidTaskException {
            for (String path : hostPaths) {
                if (path == null || !path.startsWith("/")) {
                    throw new InvalidTaskException("source.hostPaths: '" + path + "' is not an absolute path", null);
                }
            }
        }
    }

    /**
     * How lines are parsed.
     *
     * @param format     one of {@link LogFormat}
     * @param multiline  how lines join into one event (null: every line is an event)
     * @param jsonFields whether a line that is a JSON object is parsed into fields of the record
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parse(LogFormat format, Multiline multiline,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean jsonFields) {
        public static final Parse DEFAULT = new Parse(LogFormat.CRI);

        public Parse {
            format = format == null ? LogFormat.CRI : format;
        }

        public Parse(LogFormat format) {
            this(format, null, false);
        }

        void validate() throws InvalidTaskException {
            if (multiline != null) {
                multiline.validate();
            }
        }
    }

    /**
     * Multiline events (e.g. stack traces): a line matching {@code startPattern} starts a new event,
     * any other line continues the previous one.
     *
     * @param startPattern  a {@link java.util.regex.Pattern} matched with {@code find()} against the line
     * @param maxWaitMillis an unfinished event is shipped after waiting this long for more lines
     *                      (default {@value #DEFAULT_MAX_WAIT_MILLIS})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Multiline(String startPattern, Long maxWaitMillis) {
        public static final long DEFAULT_MAX_WAIT_MILLIS = 1_000;

        public Multiline {
            maxWaitMillis = maxWaitMillis == null ? DEFAULT_MAX_WAIT_MILLIS : maxWaitMillis;
        }

        /** The compiled start pattern; call once per task value and keep it (compiling is not cheap). */
        public Pattern compileStartPattern() throws InvalidTaskException {
            if (startPattern == null || startPattern.isEmpty()) {
                throw new InvalidTaskException("parse.multiline.startPattern is required", null);
            }
            try {
                return Pattern.compile(startPattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidTaskException("parse.multiline.startPattern is not a valid pattern: "
                        + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }

        void validate() throws InvalidTaskException {
            compileStartPattern();
            if (maxWaitMillis <= 0) {
                throw new InvalidTaskException("parse.multiline.maxWaitMillis must be positive, got " + maxWaitMillis,
                        null);
            }
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

    /** Parses and validates a task value; a malformed value is reported, never half-applied. */
    public static CollectionTask fromJson(byte[] json) throws InvalidTaskException {
        CollectionTask task;
        try {
            task = JSON.readValue(json, CollectionTask.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTaskException("task value is not a valid CollectionTask: " + e.getMessage(), e);
        }
        task.validate();
        return task;
    }

    /**
     * Checks what the types cannot: host paths are absolute, the multiline pattern compiles. The
     * message names the field, so the operator can put it in a condition and an agent in its log.
     */
    public void validate() throws InvalidTaskException {
        source.validate();
        parse.validate();
    }

    /** A task value that cannot be used; the reader keeps its previous view of that key. */
    public static final class InvalidTaskException extends Exception {
        public InvalidTaskException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

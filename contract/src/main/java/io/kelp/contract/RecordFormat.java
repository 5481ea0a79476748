package io.kelp.contract;

/**
 * The documents the agent produces and the transfer indexes, and the Kafka records that carry them.
 *
 * <p>The agent's records carry many events of one file each ({@link EventBatch}, marked by the
 * header {@value EventBatch#LAYOUT_HEADER}). A record without that header holds one document:
 *
 * <ul>
 *   <li><b>key</b>: the record id, UTF-8 ({@link RecordId}); the transfer uses it as the
 *       Elasticsearch {@code _id}, so a record re-sent after a crash overwrites itself.</li>
 *   <li><b>value</b>: one ECS-style JSON document, UTF-8, indexed as is.</li>
 * </ul>
 *
 * In both, the record's <b>timestamp</b> is the event time in epoch millis (of the first event in
 * a batch; all its events fall in that UTC day); it picks the daily index. Each event of a batch
 * carries its own record id, which the transfer uses as its {@code _id}.
 *
 * <p>The field names below are the documents'; the agent writes them, the operator maps them.
 */
public final class RecordFormat {

    public static final String TIMESTAMP = "@timestamp";
    public static final String MESSAGE = "message";
    public static final String LOG_LEVEL = "log.level";
    public static final String LOG_FILE_PATH = "log.file.path";
    public static final String LOG_OFFSET = "log.offset";
    public static final String STREAM = "stream";
    public static final String K8S_NAMESPACE = "kubernetes.namespace";
    public static final String K8S_POD = "kubernetes.pod.name";
    public static final String K8S_POD_UID = "kubernetes.pod.uid";
    public static final String K8S_CONTAINER = "kubernetes.container.name";
    public static final String K8S_NODE = "kubernetes.node.name";
    public static final String K8S_LABELS = "kubernetes.labels";
    public static final String HOST_NAME = "host.name";
    public static final String COLLECTION = "kelp.collection";
    /**
     * The object holding the fields of a JSON log line (tasks with {@code parse.jsonFields}), except
     * the ones the agent lifts into {@link #MESSAGE}, {@link #LOG_LEVEL} and {@link #TIMESTAMP}.
     */
    public static final String JSON_FIELDS = "json";
    /** Flags a record the agent had to alter: {@code truncated}, {@code invalid_utf8}, ... */
    public static final String FLAGS = "kelp.flags";

    private RecordFormat() {
    }
}

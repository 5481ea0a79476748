package io.kelp.agent.record;

import io.kelp.contract.RecordFormat;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fields every record of one tailed file carries (where it came from, which collection).
 * Kubernetes fields are null in VM mode / for host files.
 */
public record SourceFields(String collection, String filePath, String hostName, String namespace, String podName,
                           String podUid, String containerName, String nodeName, Map<String, String> labels) {

    public SourceFields {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Encodes the fields as the JSON object shared by the events of a record
     * ({@link io.kelp.contract.EventBatch}), once per file and metadata change. Label keys are de-dotted ({@code app.kubernetes.io/name}
     * becomes {@code app_kubernetes_io/name}) so Elasticsearch does not expand them into objects that
     * conflict with a plain {@code app} label.
     */
    public byte[] encode() {
        JsonBytes out = new JsonBytes(256);
        field(out, RecordFormat.LOG_FILE_PATH, filePath);
        field(out, RecordFormat.HOST_NAME, hostName);
        field(out, RecordFormat.COLLECTION, collection);
        field(out, RecordFormat.K8S_NAMESPACE, namespace);
        field(out, RecordFormat.K8S_POD, podName);
        field(out, RecordFormat.K8S_POD_UID, podUid);
        field(out, RecordFormat.K8S_CONTAINER, containerName);
        field(out, RecordFormat.K8S_NODE, nodeName);
        if (namespace != null) {
            out.raw((byte) ',').string(RecordFormat.K8S_LABELS);
            out.raw((byte) ':').raw((byte) '{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    out.raw((byte) ',');
                }
                first = false;
                out.string(label.getKey().replace('.', '_'));
                out.raw((byte) ':').string(label.getValue());
            }
            out.raw((byte) '}');
        }
        byte[] fragment = out.toByteArray(); // every field was written with a leading comma
        if (fragment.length == 0) {
            return new byte[] {'{', '}'};
        }
        fragment[0] = '{';
        byte[] object = java.util.Arrays.copyOf(fragment, fragment.length + 1);
        object[fragment.length] = '}';
        return object;
    }

    private static void field(JsonBytes out, String name, String value) {
        if (value != null) {
            out.raw((byte) ',').string(name);
            out.raw((byte) ':').string(value);
        }
    }
}

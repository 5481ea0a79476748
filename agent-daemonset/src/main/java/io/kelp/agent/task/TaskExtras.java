package io.kelp.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Task fields the agent understands that the shared {@code CollectionTask} contract does not carry
 * yet (it ignores unknown fields, so they travel in the same etcd value):
 *
 * <pre>
 * "source": {"hostPaths": ["/var/log/app/*.log"], "hostLabels": {"role": "db"}}
 * "parse":  {"multiline": {"startPattern": "^\\S", "maxWaitMillis": 1000}}
 * </pre>
 *
 * Read from the raw value so they can move into the contract later without changing the wire form.
 *
 * @param hostPaths      glob patterns of host files to tail (absolute paths)
 * @param hostLabels     the host (node or VM) must carry these labels for hostPaths to apply
 * @param multilineStart a line matching this starts a new event; others continue the previous one
 * @param multilineMaxWaitMillis an unfinished event is shipped after waiting this long for more lines
 */
public record TaskExtras(List<String> hostPaths, Map<String, String> hostLabels, Pattern multilineStart,
                         long multilineMaxWaitMillis) {

    public static final TaskExtras NONE = new TaskExtras(List.of(), Map.of(), null, 0);

    private static final ObjectMapper JSON = new ObjectMapper();

    public TaskExtras {
        hostPaths = List.copyOf(hostPaths);
        hostLabels = Map.copyOf(hostLabels);
    }

    /** Parses the extras of a task value; throws with a message naming the bad field. */
    public static TaskExtras fromJson(byte[] value) throws IOException {
        JsonNode root = JSON.readTree(value);
        List<String> paths = new ArrayList<>();
        root.path("source").path("hostPaths").forEach(p -> paths.add(p.asText()));
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new IOException("source.hostPaths: '" + path + "' is not an absolute path");
            }
        }
        Map<String, String> labels = new HashMap<>();
        root.path("source").path("hostLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode multiline = root.path("parse").path("multiline");
        Pattern start = null;
        long maxWait = 0;
        if (multiline.hasNonNull("startPattern")) {
            try {
                start = Pattern.compile(multiline.get("startPattern").asText());
            } catch (PatternSyntaxException e) {
                throw new IOException("parse.multiline.startPattern is not a valid pattern: " + e.getMessage(), e);
            }
            maxWait = multiline.path("maxWaitMillis").asLong(1_000);
        }
        return new TaskExtras(paths, labels, start, maxWait);
    }

    /** Whether a host with these labels runs this task's host paths. */
    public boolean selectsHost(Map<String, String> labelsOfHost) {
        for (Map.Entry<String, String> wanted : hostLabels.entrySet()) {
            if (!wanted.getValue().equals(labelsOfHost.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }

    // Pattern has no value equality; compare by source so an unchanged task is not re-applied.
    @Override
    public boolean equals(Object o) {
        return o instanceof TaskExtras other && hostPaths.equals(other.hostPaths) && hostLabels.equals(other.hostLabels)
                && multilineMaxWaitMillis == other.multilineMaxWaitMillis
                && String.valueOf(multilineStart).equals(String.valueOf(other.multilineStart));
    }

    @Override
    public int hashCode() {
        return hostPaths.hashCode() * 31 + String.valueOf(multilineStart).hashCode();
    }
}

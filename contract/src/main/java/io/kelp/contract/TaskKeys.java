package io.kelp.contract;

import java.nio.charset.StandardCharsets;

/**
 * The etcd key schema. One key per collection, {@code /kelp/v1/tasks/<namespace>/<name>}, whose
 * value is a {@link CollectionTask} as JSON. Agents and transfers watch the prefix; the operator is
 * the only writer.
 */
public final class TaskKeys {

    public static final String PREFIX = "/kelp/v1/tasks/";

    private TaskKeys() {
    }

    public static byte[] prefixBytes() {
        return PREFIX.getBytes(StandardCharsets.UTF_8);
    }

    /** The collection a task key belongs to, or null for a key that is not a task key. */
    public static CollectionRef collectionOf(String key) {
        if (!key.startsWith(PREFIX)) {
            return null;
        }
        try {
            return CollectionRef.parse(key.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.kelp.agent.task;

import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.TaskKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's current view of its tasks, keyed by collection. Updated by the etcd watch thread,
 * read as immutable snapshots by the tailing thread. A value that does not parse is logged and
 * counted, and the previous view of that key is kept (as the contract asks).
 */
public final class TaskTable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskTable.class);

    private final LongAdder invalidTasks;
    private final Runnable onChange;
    private final TaskCache cache;
    /** The raw values behind the snapshot, for the local cache; guarded by this. */
    private final Map<String, byte[]> rawValues = new LinkedHashMap<>();
    private volatile Map<CollectionRef, AgentTask> snapshot = Map.of();
    private volatile long changedAtNanos;

    public TaskTable(LongAdder invalidTasks, Runnable onChange) {
        this(invalidTasks, onChange, null);
    }

    /** With a cache: every change is persisted, and {@link #loadCached()} restores the last view. */
    public TaskTable(LongAdder invalidTasks, Runnable onChange, TaskCache cache) {
        this.invalidTasks = invalidTasks;
        this.onChange = onChange;
        this.cache = cache;
    }

    /** Starts from the last view persisted locally, until etcd answers. */
    public void loadCached() {
        if (cache != null) {
            Map<String, byte[]> cached = cache.load();
            if (!cached.isEmpty()) {
                LOG.info("starting from {} locally cached tasks until etcd answers", cached.size());
                replaceAll(cached);
            }
        }
    }

    public synchronized void put(String key, byte[] value) {
        CollectionRef ref = TaskKeys.collectionOf(key);
        if (ref == null) {
            invalidTasks.increment();
            LOG.warn("ignoring etcd key {}: not a task key", key);
            return;
        }
        AgentTask task = parse(key, value);
        if (task == null) {
            return;
        }
        Map<CollectionRef, AgentTask> next = new LinkedHashMap<>(snapshot);
        next.put(ref, task);
        rawValues.put(key, value);
        publish(next);
    }

    public synchronized void delete(String key) {
        CollectionRef ref = TaskKeys.collectionOf(key);
        if (ref == null || !snapshot.containsKey(ref)) {
            return;
        }
        Map<CollectionRef, AgentTask> next = new LinkedHashMap<>(snapshot);
        next.remove(ref);
        rawValues.remove(key);
        publish(next);
    }

    /**
     * Replaces the whole view after a full read (startup, reconnect, compaction). Keys whose new
     * value is invalid keep their previous task rather than disappearing.
     */
    public synchronized void replaceAll(Map<String, byte[]> values) {
        Map<CollectionRef, AgentTask> next = new HashMap<>();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            CollectionRef ref = TaskKeys.collectionOf(key);
            if (ref == null) {
                invalidTasks.increment();
                LOG.warn("ignoring etcd key {}: not a task key", key);
                return;
            }
            AgentTask task = parse(key, value);
            if (task != null) {
                next.put(ref, task);
                raw.put(key, value);
            } else if (snapshot.containsKey(ref)) {
                next.put(ref, snapshot.get(ref));
                raw.put(key, rawValues.get(key));
            }
        });
        rawValues.clear();
        rawValues.putAll(raw);
        if (!next.equals(snapshot)) {
            publish(next);
        }
    }

    private AgentTask parse(String key, byte[] value) {
        try {
            return AgentTask.of(CollectionTask.fromJson(value));
        } catch (CollectionTask.InvalidTaskException e) {
            invalidTasks.increment();
            LOG.warn("ignoring invalid task at {}, keeping the previous view: {}", key, e.getMessage());
            return null;
        }
    }

    private void publish(Map<CollectionRef, AgentTask> next) {
        snapshot = Map.copyOf(next);
        if (cache != null) {
            cache.save(rawValues);
        }
        changedAtNanos = System.nanoTime();
        onChange.run();
    }

    public Map<CollectionRef, AgentTask> snapshot() {
        return snapshot;
    }

    /** {@link System#nanoTime()} of the last change, for reload-latency metrics. */
    public long changedAtNanos() {
        return changedAtNanos;
    }
}

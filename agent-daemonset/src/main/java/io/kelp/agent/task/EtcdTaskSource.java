package io.kelp.agent.task;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kelp.agent.etcd.EtcdRefusal;
import io.kelp.contract.TaskKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds the {@link TaskTable} from etcd: a full read of the task prefix, then a watch from the
 * revision after it, so no change between the two is missed. When the watch fails (etcd down,
 * revision compacted) it starts over with a full read after a backoff with jitter (see
 * {@link ResyncBackoff}), reset only once etcd confirmed a new watch; until then the agent keeps
 * running on the tasks it knows. A refusal by etcd's authentication is retried the same way
 * but logged as an error and kept for the readiness check: unlike an outage it does not heal until
 * someone fixes the credentials.
 *
 * <p>Threading: everything, watch events included, runs on one private thread, and only the
 * current watcher's events count. jetcd (0.8.5) reports a broken stream to the listener and then
 * resumes the same watcher by itself; left open, that watcher would deliver events older than the
 * full read from a jetcd thread while the resync replaces the view, and the view could end on a
 * stale value. So a failed watcher is closed at once, and a late callback of a closed one is dropped.
 */
public final class EtcdTaskSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdTaskSource.class);
    private static final ByteSequence PREFIX = ByteSequence.from(TaskKeys.prefixBytes());

    private final Client client;
    private final TaskTable table;
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    /**
     * The watcher whose events apply, null between a failure and the next full read. Written on
     * the executor, and by close() after it waited for the executor, which may still run if that
     * wait ran out: volatile, and {@link #closeWatcher()} reads it once, so two threads closing it
     * close the same watcher twice (harmless) rather than fail.
     */
    private volatile Watch.Watcher watcher;
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile String refusal;
    /** Only on the executor. */
    private final ResyncBackoff backoff = new ResyncBackoff(200, 5_000, new SplittableRandom());

    public EtcdTaskSource(Client client, TaskTable table) {
        this.client = client;
        this.table = table;
    }

    public void start() {
        executor.execute(this::resync);
    }

    /** True once the first full read succeeded and the watch is established. */
    public boolean synced() {
        return synced;
    }

    /** Why etcd's authentication refused the last attempt, until one succeeds. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    private void resync() {
        if (closed) {
            return;
        }
        try {
            GetResponse all = client.getKVClient().get(PREFIX, GetOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS);
            Map<String, byte[]> values = new HashMap<>();
            for (KeyValue kv : all.getKvs()) {
                values.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes());
            }
            table.replaceAll(values);
            long revision = all.getHeader().getRevision();
            closeWatcher();
            // The listener needs the watcher it belongs to, which exists only once watch() returns.
            // Its callbacks read self on this thread, so after this resync() returned: never null
            // (watch() throws only for a closed client, before any listener is called).
            AtomicReference<Watch.Watcher> self = new AtomicReference<>();
            self.set(client.getWatchClient().watch(PREFIX,
                    // created-notify: etcd's confirmation of the watch is what resets the backoff.
                    // require-leader: a member cut off from its cluster's leader refuses or ends
                    // the watch instead of keeping it open without ever sending an event.
                    WatchOption.builder().isPrefix(true).withRevision(revision + 1).withCreateNotify(true)
                            .withRequireLeader(true).build(),
                    Watch.listener(response -> onExecutor(() -> onWatch(self.get(), response)),
                            error -> onExecutor(() -> onWatchEnded(self.get(), error.toString())),
                            // etcd ended the stream cleanly (gRPC OK): no more events will come,
                            // so it is a failure like any other. Our own close() of a watcher
                            // calls this too, but only after it stopped being the current one.
                            () -> onExecutor(() -> onWatchEnded(self.get(), "stream ended by etcd")))));
            watcher = self.get();
            synced = true;
            refusal = null;
            LOG.info("watching {} tasks from etcd revision {}", values.size(), revision + 1);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            long delay = scheduleResync();
            Optional<String> refused = EtcdRefusal.explain(e);
            if (refused.isPresent()) {
                // Once per distinct refusal: retries every few seconds would bury the log in the same error.
                if (!refused.get().equals(refusal)) {
                    LOG.error("cannot read the tasks: {}; keeping the last known tasks and retrying", refused.get());
                }
                refusal = refused.get();
            } else {
                LOG.warn("etcd task read failed, keeping the last known tasks and retrying in {} ms: {}", delay,
                        e.toString());
            }
        }
    }

    /**
     * Hands a watch callback from a jetcd thread to the executor, in the order jetcd delivers them.
     * Dropped once closed, also when already queued: close() lets queued tasks run.
     */
    private void onExecutor(Runnable callback) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                if (!closed) {
                    callback.run();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // close() ran meanwhile: nothing to apply any more.
        }
    }

    private void onWatch(Watch.Watcher from, WatchResponse response) {
        if (from != watcher) {
            return;
        }
        // The current watcher answered (the first answer is etcd's confirmation that it exists):
        // the watch works, so the next failure starts the backoff over.
        backoff.reset();
        for (WatchEvent event : response.getEvents()) {
            String key = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            if (event.getEventType() == WatchEvent.EventType.PUT) {
                table.put(key, event.getKeyValue().getValue().getBytes());
            } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
                table.delete(key);
            }
        }
    }

    private void onWatchEnded(Watch.Watcher from, String why) {
        if (from != watcher) {
            return;
        }
        synced = false;
        closeWatcher();
        long delay = scheduleResync();
        LOG.warn("etcd task watch failed ({}), reading all tasks again in {} ms", why, delay);
    }

    /** Returns the delay of the next full read. */
    private long scheduleResync() {
        long delay = backoff.nextDelayMillis();
        try {
            executor.schedule(this::resync, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // close() ran meanwhile: no more reads.
        }
        return delay;
    }

    private void closeWatcher() {
        Watch.Watcher w = watcher;
        watcher = null;
        if (w != null) {
            w.close(); // jetcd calls the listener's onCompleted: no longer the current watcher, dropped
        }
    }

    /**
     * Stops following etcd. A full read or cache write in progress may finish first: an interrupt
     * would abort {@link TaskCache#save} mid-write (its channel closes on interrupt). Only what
     * still runs after that, such as a full read waiting for an unreachable etcd, is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdown(); // the pending delayed resync is cancelled, see newExecutor()
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeWatcher();
    }

    private static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kelp-etcd-tasks");
            t.setDaemon(true);
            return t;
        });
        // a resync waiting out its backoff would otherwise hold shutdown() for up to 7.5 s
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }
}

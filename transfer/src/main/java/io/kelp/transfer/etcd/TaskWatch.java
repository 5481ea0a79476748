package io.kelp.transfer.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one collection's task key in etcd and keeps the latest sink in memory: read the key,
 * then watch it from the next revision so no change between the two is missed. A value that does
 * not parse is logged and the previous view is kept; a deleted key clears the sink.
 *
 * <p>Threading: jetcd calls back on its own threads; readers see {@link #sink()} through an
 * atomic reference. Watch failures (compaction, lost connection jetcd gave up on) restart the
 * read-then-watch cycle on a background thread.
 */
public final class TaskWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TaskWatch.class);

    private final Client client;
    private final CollectionRef collection;
    private final ByteSequence key;
    private final AtomicReference<CollectionTask.Sink> sink = new AtomicReference<>();
    private volatile boolean known;
    private volatile boolean closed;
    private volatile Watch.Watcher watcher;
    private final Thread starter;

    public TaskWatch(Client client, CollectionRef collection) {
        this.client = client;
        this.collection = collection;
        this.key = ByteSequence.from(collection.taskKey(), StandardCharsets.UTF_8);
        this.starter = new Thread(this::readThenWatch, "kelp-task-watch");
        this.starter.setDaemon(true);
    }

    public void start() {
        starter.start();
    }

    /** The collection's current sink, or null while its task key is absent. */
    public CollectionTask.Sink sink() {
        return sink.get();
    }

    /** Whether etcd has been read at least once (absent or present). */
    public boolean known() {
        return known;
    }

    private void readThenWatch() {
        long delay = 200;
        while (!closed) {
            try {
                GetResponse response = client.getKVClient().get(key).get(10, TimeUnit.SECONDS);
                if (response.getKvs().isEmpty()) {
                    absent();
                } else {
                    apply(response.getKvs().get(0));
                }
                known = true;
                long next = response.getHeader().getRevision() + 1;
                watcher = client.getWatchClient().watch(key, WatchOption.builder().withRevision(next).build(),
                        Watch.listener(this::onWatch, this::onWatchError));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("cannot read %s from etcd yet, retrying: %s", collection.taskKey(), e.toString());
                sleep(delay);
                delay = Math.min(delay * 2, 5_000);
            }
        }
    }

    private void onWatch(WatchResponse response) {
        for (WatchEvent event : response.getEvents()) {
            if (event.getEventType() == WatchEvent.EventType.DELETE) {
                absent();
            } else if (event.getEventType() == WatchEvent.EventType.PUT) {
                apply(event.getKeyValue());
            }
        }
    }

    private void onWatchError(Throwable error) {
        if (closed) {
            return;
        }
        LOG.warnf("watch on %s failed, reading it again: %s", collection.taskKey(), error.toString());
        Watch.Watcher old = watcher;
        if (old != null) {
            old.close();
        }
        Thread restart = new Thread(this::readThenWatch, "kelp-task-watch");
        restart.setDaemon(true);
        restart.start();
    }

    private void apply(KeyValue kv) {
        try {
            CollectionTask task = CollectionTask.fromJson(kv.getValue().getBytes());
            CollectionTask.Sink previous = sink.getAndSet(task.sink());
            if (!task.sink().equals(previous)) {
                LOG.infof("task %s (generation %d): sink %s", collection, task.generation(), task.sink());
            }
        } catch (CollectionTask.InvalidTaskException e) {
            LOG.errorf("ignoring unusable task value at %s, keeping the previous one: %s",
                    collection.taskKey(), e.getMessage());
        }
    }

    private void absent() {
        if (sink.getAndSet(null) != null || !known) {
            LOG.infof("no task at %s: waiting for the operator to publish one", collection.taskKey());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch.Watcher current = watcher;
        if (current != null) {
            current.close();
        }
    }
}

package io.kelp.agent;

import io.kelp.agent.discovery.PodDirectory;
import io.kelp.agent.discovery.PodLogFile;
import io.kelp.agent.discovery.PodLogScanner;
import io.kelp.agent.record.SourceFields;
import io.kelp.agent.ship.RecordSender;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.tail.FileTail;
import io.kelp.agent.tail.TailKey;
import io.kelp.agent.tail.TailOpener;
import io.kelp.agent.tail.TailSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tailing loop: matches discovered files to tasks, reads every tailed file in turn, ships
 * records and persists acknowledged progress. Everything here runs on one thread (the loop); other
 * threads only call {@link #wakeUp()} and {@link #stop()}, and the producer thread only touches the
 * tails' ack trackers.
 */
public final class Agent implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long IDLE_WAIT_MILLIS = 50;

    private final AgentSettings settings;
    private final Supplier<Map<CollectionRef, CollectionTask>> tasks;
    private final PodLogScanner scanner;
    private final PodDirectory pods;
    private final TailOpener opener;
    private final RecordSender sender;
    private final TailCloser closer;
    private final AgentCounters counters;
    private final Map<TailKey, FileTail> tails = new LinkedHashMap<>();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile boolean rescan = true;
    private volatile long lastLoopMillis = System.currentTimeMillis();
    private long nextScanMillis;
    private long nextCheckpointMillis;

    public Agent(AgentSettings settings, Supplier<Map<CollectionRef, CollectionTask>> tasks, PodLogScanner scanner,
                 PodDirectory pods, CheckpointStore checkpoints, RecordSender sender, AgentCounters counters) {
        this.settings = settings;
        this.tasks = tasks;
        this.scanner = scanner;
        this.pods = pods;
        this.opener = new TailOpener(settings.nodeName(), checkpoints, counters);
        this.sender = sender;
        this.closer = new TailCloser(checkpoints, counters);
        this.counters = counters;
    }

    /** Tasks changed: match files again now rather than at the next scan. */
    public void wakeUp() {
        rescan = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public void stop() {
        running = false;
        wakeUp();
    }

    /** When the loop last completed an iteration; liveness fails when this stops moving. */
    public long lastLoopMillis() {
        return lastLoopMillis;
    }

    @Override
    public void run() {
        try {
            while (running) {
                iterate();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the final checkpoints. Call after the loop thread ended and the producer was flushed,
     * so every record that made it to Kafka is covered.
     */
    public void saveCheckpoints() {
        closer.saveAll(tails.values());
        closer.drainFinished();
    }

    void iterate() throws InterruptedException {
        long now = System.currentTimeMillis();
        lastLoopMillis = now;
        sender.resendFailed();
        if (rescan || now >= nextScanMillis) {
            rescan = false;
            discover();
            nextScanMillis = now + settings.scanIntervalMillis();
        }
        boolean readAny = pollTails();
        if (now >= nextCheckpointMillis) {
            closer.saveAll(tails.values());
            closer.drainFinished();
            nextCheckpointMillis = now + settings.checkpointIntervalMillis();
        }
        if (!readAny && running && !rescan) {
            synchronized (wake) {
                wake.wait(IDLE_WAIT_MILLIS);
            }
        }
    }

    private void discover() {
        Map<CollectionRef, CollectionTask> current = tasks.get();
        Map<TailKey, TailSpec> wanted = new HashMap<>();
        Map<TailKey, SourceFields> fields = new HashMap<>();
        Set<java.nio.file.Path> present = new HashSet<>();
        for (PodLogFile file : scanner.scan()) {
            present.add(file.path());
            Map<String, String> labels = null;
            boolean looked = false;
            for (CollectionTask task : current.values()) {
                if (!task.source().namespaces().contains(file.namespace())) {
                    continue;
                }
                if (!looked) {
                    labels = pods.labels(file.namespace(), file.pod(), file.uid());
                    looked = true;
                }
                Map<String, String> effective = labels == null ? Map.of() : labels;
                if (task.source().selects(file.namespace(), effective, file.container())) {
                    TailKey key = new TailKey(task.collection(), file.path());
                    wanted.put(key, new TailSpec(task.collection(), task.sink().topic(), file.path(),
                            task.parse().format(), settings.maxLineBytes()));
                    fields.put(key, sourceFields(task, file, effective));
                }
            }
        }
        stopUnwanted(wanted, present);
        wanted.forEach((key, spec) -> {
            if (!tails.containsKey(key)) {
                open(key, spec, fields.get(key));
            }
        });
        counters.filesTailed.set(tails.size());
    }

    /**
     * Stops tails whose collection no longer selects their file (task deleted or changed). A tail
     * whose file merely vanished from the listing keeps going: it was rotated or deleted, and is
     * read to its end first ({@link #pollTails}).
     */
    private void stopUnwanted(Map<TailKey, TailSpec> wanted, Set<java.nio.file.Path> present) {
        var it = tails.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TailKey, FileTail> entry = it.next();
            TailSpec spec = wanted.get(entry.getKey());
            boolean unchanged = spec != null && spec.topic().equals(entry.getValue().topic())
                    && spec.format() == entry.getValue().format();
            if (!unchanged && (present.contains(entry.getKey().path()) || !tasks.get().containsKey(entry.getKey().collection()))) {
                LOG.info("stopping {} for {}: no longer selected", entry.getKey().path(), entry.getKey().collection());
                closer.retire(entry.getValue());
                it.remove();
            }
        }
    }

    private void open(TailKey key, TailSpec spec, SourceFields fields) {
        try {
            FileTail tail = opener.open(spec, fields);
            if (tail != null) {
                tails.put(key, tail);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open {} for {} (retrying at next scan): {}", spec.path(), spec.collection(), e.toString());
        }
    }

    private SourceFields sourceFields(CollectionTask task, PodLogFile file, Map<String, String> labels) {
        return new SourceFields(task.collection().toString(), file.path().toString(), settings.hostName(),
                file.namespace(), file.pod(), file.uid(), file.container(), settings.nodeName(), labels);
    }

    private boolean pollTails() throws InterruptedException {
        boolean readAny = false;
        long behind = 0;
        var it = tails.values().iterator();
        while (it.hasNext() && running) {
            FileTail tail = it.next();
            try {
                if (tail.poll(sender, settings.readBudgetBytes()) > 0) {
                    readAny = true;
                } else if (tail.endOfLife() != FileTail.EndOfLife.NONE) {
                    // The writer may have appended to the old file right before switching: drain it.
                    while (tail.poll(sender, settings.readBudgetBytes()) > 0) {
                        readAny = true;
                    }
                    tail.finish();
                    closer.retire(tail);
                    it.remove();
                    continue;
                }
                behind += Math.max(0, tail.size() - tail.readOffset());
            } catch (IOException e) {
                LOG.warn("reading {} failed, closing it (it is reopened from its checkpoint): {}", tail.path(),
                        e.toString());
                closer.retire(tail);
                it.remove();
            }
        }
        counters.bytesBehind.set(behind);
        return readAny;
    }

    /** Number of files being tailed (for health and tests). */
    public int tailCount() {
        return tails.size();
    }
}

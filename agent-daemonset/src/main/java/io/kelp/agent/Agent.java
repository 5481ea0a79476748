package io.kelp.agent;

import io.kelp.agent.discovery.PodDirectory;
import io.kelp.agent.discovery.PodLogFile;
import io.kelp.agent.discovery.PodLogScanner;
import io.kelp.agent.discovery.TaskMatcher;
import io.kelp.agent.ship.RecordSender;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.tail.CheckpointSweeper;
import io.kelp.agent.tail.FileTail;
import io.kelp.agent.tail.Fingerprint;
import io.kelp.agent.tail.RotatedCopies;
import io.kelp.agent.tail.TailKey;
import io.kelp.agent.tail.TailOpener;
import io.kelp.agent.tail.TailSpec;
import io.kelp.agent.tail.TailingSince;
import io.kelp.contract.CollectionRef;
import io.kelp.agent.task.AgentTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
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

    /** One file content as tailed for one collection. */
    private record Content(CollectionRef collection, Fingerprint fingerprint) {
    }

    private final AgentSettings settings;
    private final Supplier<Map<CollectionRef, AgentTask>> tasks;
    private final LongSupplier tasksChangedAtNanos;
    private long appliedChangeNanos;
    private final PodLogScanner scanner;
    private final TaskMatcher matcher;
    private final TailOpener opener;
    private final RecordSender sender;
    private final TailCloser closer;
    private final CheckpointSweeper sweeper;
    private final AgentCounters counters;
    private final Map<TailKey, FileTail> tails = new LinkedHashMap<>();
    /** Contents tailed by this run (active, retiring or done): a rotated copy of one is not re-read. */
    private final Set<Content> knownContent = new HashSet<>();
    /** Rotated files with nothing left to finish, so they are not re-opened at every scan. */
    private final Set<Path> settledRotated = new HashSet<>();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile boolean rescan = true;
    private volatile long lastLoopMillis = System.currentTimeMillis();
    private long nextScanMillis;
    private long nextCheckpointMillis;
    private long nextSweepMillis;

    public Agent(AgentSettings settings, Supplier<Map<CollectionRef, AgentTask>> tasks, PodLogScanner scanner,
                 PodDirectory pods, CheckpointStore checkpoints, RecordSender sender, AgentCounters counters) {
        this(settings, tasks, () -> 0L, scanner, pods, checkpoints, sender, counters);
    }

    /** {@code tasksChangedAtNanos}: when the task view last changed, to measure reload latency. */
    public Agent(AgentSettings settings, Supplier<Map<CollectionRef, AgentTask>> tasks, LongSupplier tasksChangedAtNanos,
                 PodLogScanner scanner, PodDirectory pods, CheckpointStore checkpoints, RecordSender sender,
                 AgentCounters counters) {
        this.settings = settings;
        this.tasks = tasks;
        this.tasksChangedAtNanos = tasksChangedAtNanos;
        this.scanner = scanner;
        this.matcher = new TaskMatcher(pods, settings.nodeName(), settings.hostName(), settings.hostLabels(),
                settings.maxLineBytes());
        this.opener = new TailOpener(settings.nodeName(), checkpoints,
                new TailingSince(settings.checkpointDir(), System.currentTimeMillis()), counters);
        this.sender = sender;
        this.sweeper = new CheckpointSweeper(checkpoints);
        this.closer = new TailCloser(checkpoints, sweeper, counters);
        this.counters = counters;
        // Not at startup: by the first sweep the files still present are tailed again and hold their checkpoints.
        this.nextSweepMillis = System.currentTimeMillis() + settings.checkpointSweepMillis();
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
        } catch (RuntimeException e) {
            LOG.error("tailing loop failed", e);
            throw e;
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
            long changedAt = tasksChangedAtNanos.getAsLong();
            discover();
            if (changedAt != appliedChangeNanos) {
                // From the moment the watch delivered the change to the moment its files are tailed.
                appliedChangeNanos = changedAt;
                counters.recordReload(System.nanoTime() - changedAt);
            }
            nextScanMillis = now + settings.scanIntervalMillis();
        }
        boolean readAny = pollTails();
        if (now >= nextCheckpointMillis) {
            closer.saveAll(tails.values());
            closer.drainFinished();
            reportFilesBehind();
            nextCheckpointMillis = now + settings.checkpointIntervalMillis();
        }
        if (now >= nextSweepMillis) {
            sweepCheckpoints();
            nextSweepMillis = now + settings.checkpointSweepMillis();
        }
        if (!readAny && running && !rescan) {
            synchronized (wake) {
                wake.wait(IDLE_WAIT_MILLIS);
            }
        }
    }

    private void discover() {
        List<PodLogFile> files = scanner.scan();
        Set<Path> present = new HashSet<>();
        files.forEach(file -> present.add(file.path()));
        Collection<AgentTask> current = tasks.get().values();
        Map<TailKey, TaskMatcher.Match> wanted = matcher.matchPodLogs(files, current);
        matcher.matchHostFiles(current, wanted, present);
        settledRotated.retainAll(present);
        stopUnwanted(wanted, present);
        List<Map.Entry<TailKey, TaskMatcher.Match>> toOpen = new java.util.ArrayList<>();
        wanted.forEach((key, match) -> {
            FileTail tail = tails.get(key);
            if (tail == null && !(match.spec().rotated() && settledRotated.contains(key.path()))) {
                toOpen.add(Map.entry(key, match));
            } else if (tail != null && !tail.fields().equals(match.fields())) {
                // E.g. the pod became known to the API after its file was found: add its labels.
                tail.updateFields(match.fields());
            }
        });
        openWithinBudget(toOpen);
        counters.filesTailed.set(tails.size());
    }

    /**
     * Opens new files while fewer than {@code maxOpenFiles} are tailed: live files first, then rotated
     * ones oldest name first. The rest stay on disk and are found again by the next scan, so a burst
     * of rotations slows the agent down instead of exhausting its descriptors.
     */
    private void openWithinBudget(List<Map.Entry<TailKey, TaskMatcher.Match>> toOpen) {
        toOpen.sort(Comparator.<Map.Entry<TailKey, TaskMatcher.Match>, Boolean>comparing(e -> e.getValue().spec().rotated())
                .thenComparing(e -> e.getKey().path().toString()));
        int waiting = 0;
        for (Map.Entry<TailKey, TaskMatcher.Match> entry : toOpen) {
            if (tails.size() >= settings.maxOpenFiles()) {
                waiting++;
            } else {
                open(entry.getKey(), entry.getValue());
            }
        }
        if (waiting > 0 && counters.filesWaiting.get() == 0) {
            LOG.warn("{} files wait to be opened: {} are tailed, the most kelp.agent.max-open-files allows", waiting,
                    tails.size());
        }
        counters.filesWaiting.set(waiting);
    }

    /**
     * Stops tails whose collection no longer selects their file (task deleted or changed). A tail
     * whose file merely vanished from the listing keeps going: it was rotated or deleted, and is
     * read to its end first ({@link #pollTails}).
     */
    private void stopUnwanted(Map<TailKey, TaskMatcher.Match> wanted, Set<Path> present) {
        Map<CollectionRef, AgentTask> current = tasks.get();
        var it = tails.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TailKey, FileTail> entry = it.next();
            TaskMatcher.Match match = wanted.get(entry.getKey());
            FileTail tail = entry.getValue();
            boolean unchanged = match != null && match.spec().readsLike(tail.spec());
            if (!unchanged && (present.contains(entry.getKey().path())
                    || !current.containsKey(entry.getKey().collection()))) {
                LOG.info("stopping {} for {}: no longer selected", entry.getKey().path(), entry.getKey().collection());
                knownContent.remove(new Content(tail.collection(), tail.fingerprint()));
                closer.retire(tail);
                it.remove();
            }
        }
    }

    private void open(TailKey key, TaskMatcher.Match match) {
        TailSpec spec = match.spec();
        try {
            FileTail tail = opener.open(spec, match.fields());
            if (tail == null) {
                if (spec.rotated()) {
                    settledRotated.add(spec.path());
                }
                return;
            }
            if (!knownContent.add(new Content(spec.collection(), tail.fingerprint()))) {
                // Same content already tailed here (e.g. the rotated name of a file we read live).
                tail.close();
                settledRotated.add(spec.path());
                return;
            }
            tails.put(key, tail);
            LOG.info("tailing {} for {} from offset {} (source {})", spec.path(), spec.collection(),
                    tail.readOffset(), Long.toHexString(tail.sourceId()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open {} for {} (retrying at next scan): {}", spec.path(), spec.collection(), e.toString());
        }
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
                } else {
                    FileTail.EndOfLife end = tail.endOfLife();
                    if (end != FileTail.EndOfLife.NONE) {
                        readAny |= finish(tail, end);
                        it.remove();
                        continue;
                    }
                }
                behind += Math.max(0, tail.size() - tail.readOffset());
            } catch (IOException e) {
                LOG.warn("reading {} failed, closing it (it is reopened from its checkpoint): {}", tail.path(),
                        e.toString());
                knownContent.remove(new Content(tail.collection(), tail.fingerprint()));
                closer.retire(tail);
                it.remove();
            }
        }
        counters.bytesBehind.set(behind);
        return readAny;
    }

    /** Deletes checkpoints of contents gone from disk (files of deleted pods, rotated files since removed). */
    private void sweepCheckpoints() {
        List<FileTail> open = new java.util.ArrayList<>(tails.values());
        open.addAll(closer.retiring());
        counters.checkpointsDeleted.add(sweeper.sweep(open));
    }

    /**
     * Per-file bytes behind and files per collection (for the heartbeat), once per checkpoint
     * interval (not per poll: it allocates maps).
     */
    private void reportFilesBehind() {
        Map<String, Long> behind = new java.util.HashMap<>();
        Map<CollectionRef, Integer> filesPerCollection = new java.util.HashMap<>();
        for (FileTail tail : tails.values()) {
            filesPerCollection.merge(tail.collection(), 1, Integer::sum);
            try {
                behind.merge(tail.path().toString(), Math.max(0, tail.size() - tail.readOffset()), Math::max);
            } catch (IOException e) {
                // The channel failed; pollTails reports and retires it.
            }
        }
        counters.reportFilesBehind(behind);
        counters.collections.reportFilesTailed(filesPerCollection);
    }

    /**
     * Reads a tail that reached the end of its life to its very end, then retires it. A rotated or
     * deleted file is still readable through the open channel; a truncated one continues from the
     * copy copytruncate made, when there is one.
     */
    private boolean finish(FileTail tail, FileTail.EndOfLife end) throws IOException, InterruptedException {
        LOG.info("{} was {}: finishing it at offset {}", tail.path(), end.name().toLowerCase(), tail.readOffset());
        if (end == FileTail.EndOfLife.TRUNCATED) {
            // The content at the path is new: it is opened as a new source at the next scan.
            knownContent.remove(new Content(tail.collection(), tail.fingerprint()));
            FileChannel copy = RotatedCopies.find(tail.path(), tail.fingerprint(), tail.readOffset());
            if (copy != null) {
                tail.continueFrom(copy);
                knownContent.add(new Content(tail.collection(), tail.fingerprint()));
            }
        }
        boolean readAny = false;
        // The writer may have appended to the old file right before switching: drain it.
        while (tail.poll(sender, settings.readBudgetBytes()) > 0) {
            readAny = true;
        }
        tail.finish();
        closer.retire(tail);
        if (tail.spec().rotated()) {
            settledRotated.add(tail.path());
        }
        rescan = true;
        return readAny;
    }

    /** Number of files being tailed (for tests; call from the loop thread or after it stopped). */
    public int tailCount() {
        return tails.size();
    }
}

package io.kelp.agent;

import io.kelp.agent.tail.Checkpoint;
import io.kelp.agent.tail.CheckpointStore;
import io.kelp.agent.tail.CheckpointSweeper;
import io.kelp.agent.tail.FileTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Persists acknowledged progress, and keeps tails that stopped reading (rotated, deleted, no
 * longer selected) until Kafka acknowledged their last records, so their final checkpoint is
 * written before their channel is closed; then drops that checkpoint if the file is gone for good.
 * Used by the tailing thread only.
 */
final class TailCloser {

    private static final Logger LOG = LoggerFactory.getLogger(TailCloser.class);

    private final CheckpointStore store;
    private final CheckpointSweeper sweeper;
    private final AgentCounters counters;
    private final List<FileTail> retiring = new ArrayList<>();
    private boolean unsynced;

    TailCloser(CheckpointStore store, CheckpointSweeper sweeper, AgentCounters counters) {
        this.store = store;
        this.sweeper = sweeper;
        this.counters = counters;
    }

    /**
     * Takes a tail that will read no more. Its descriptor is released now: waiting for Kafka needs
     * none, and thousands of rotated files retiring at once must not exhaust the process's
     * descriptors (then no checkpoint could be written, and no tail closed).
     */
    void retire(FileTail tail) {
        closeQuietly(tail);
        retiring.add(tail);
    }

    private static void closeQuietly(FileTail tail) {
        try {
            tail.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", tail.path(), e.toString());
        }
    }

    void saveAll(Collection<FileTail> active) {
        for (FileTail tail : active) {
            save(tail);
        }
        for (FileTail tail : retiring) {
            save(tail);
        }
        syncSaved();
    }

    /** Closes retired tails whose records are all acknowledged (their checkpoint is final). */
    void drainFinished() {
        Iterator<FileTail> it = retiring.iterator();
        while (it.hasNext()) {
            FileTail tail = it.next();
            if (tail.inFlight() == 0 && save(tail)) {
                // Its checkpoint need not be durable before the sweeper may delete it: a file
                // still on disk keeps its checkpoint; one gone makes it useless.
                it.remove();
                if (sweeper.deleteIfGone(tail)) {
                    counters.checkpointsDeleted.increment();
                }
            }
        }
    }

    int retiringCount() {
        return retiring.size();
    }

    /** Tails still waiting for Kafka's last acknowledgements (their checkpoints are not final yet). */
    List<FileTail> retiring() {
        return retiring;
    }

    /** One fsync for all the checkpoints saved since the last (not one per file). */
    private void syncSaved() {
        if (!unsynced) {
            return;
        }
        try {
            store.sync();
            unsynced = false;
        } catch (IOException e) {
            counters.checkpointErrors.increment();
            LOG.warn("cannot sync the checkpoint directory: {}", e.toString());
        }
    }

    private boolean save(FileTail tail) {
        Checkpoint checkpoint = tail.checkpointIfAdvanced();
        if (checkpoint == null) {
            return true;
        }
        try {
            store.save(tail.collection(), checkpoint);
            unsynced = true;
            tail.markSaved(checkpoint);
            counters.checkpointsWritten.increment();
            counters.lastCheckpointMillis.set(System.currentTimeMillis());
            return true;
        } catch (IOException e) {
            counters.checkpointErrors.increment();
            LOG.warn("cannot write checkpoint of {}: {}", tail.path(), e.toString());
            return false;
        }
    }
}

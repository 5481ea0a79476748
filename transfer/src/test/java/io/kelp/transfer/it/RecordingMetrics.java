package io.kelp.transfer.it;

import io.kelp.transfer.pipeline.TransferMetrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the transfer reports, so tests can assert on retries, pauses and dead letters. */
final class RecordingMetrics implements TransferMetrics {

    final AtomicLong indexed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicBoolean pausedNow = new AtomicBoolean();
    final AtomicBoolean everPaused = new AtomicBoolean();
    /** Set by a test to {@link System#nanoTime()}; the first acknowledged bulk after it is noted in {@link #firstIndexedAfterMark}. */
    volatile long mark;
    final AtomicLong firstIndexedAfterMark = new AtomicLong();
    /** Partitions this instance reports lag for: the ones it owns. */
    final Set<Integer> reportingPartitions = ConcurrentHashMap.newKeySet();

    @Override
    public void indexed(int documents) {
        indexed.addAndGet(documents);
        if (mark != 0) {
            firstIndexedAfterMark.compareAndSet(0, System.nanoTime());
        }
    }

    @Override
    public void bulkCompleted(long nanos, int documents, int bytes) {
    }

    @Override
    public void retried(int documents) {
        retried.addAndGet(documents);
    }

    @Override
    public void deadLettered(int documents) {
        deadLettered.addAndGet(documents);
    }

    @Override
    public void lag(String topic, int partition, long lag) {
        reportingPartitions.add(partition);
    }

    @Override
    public void forgetLag(String topic, int partition) {
        reportingPartitions.remove(partition);
    }

    @Override
    public void paused(boolean paused) {
        pausedNow.set(paused);
        if (paused) {
            everPaused.set(true);
        }
    }
}

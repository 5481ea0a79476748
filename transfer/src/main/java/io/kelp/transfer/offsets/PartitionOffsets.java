package io.kelp.transfer.offsets;

import java.util.ArrayDeque;

/**
 * Which offsets of one partition are safe to commit.
 *
 * <p>Records are handed to bulks in offset order, so each bulk covers a run of offsets of the
 * partition (a {@link Span}); bulks finish in any order. The committable offset is the end of the
 * longest prefix of finished spans: a record is committed only when it and every record before it
 * are in Elasticsearch (or dead-lettered). Offsets need not be dense (compaction, transaction
 * markers): a span is "everything from its first to its last offset".
 *
 * <p>Threading: only the consumer thread touches an instance. A new assignment of the same
 * partition gets a new instance, so completions of spans from an earlier ownership (which still
 * reference their old spans) cannot advance it.
 */
public final class PartitionOffsets {

    private final ArrayDeque<Span> spans = new ArrayDeque<>();
    private long committable = -1;

    /** Registers records {@code first..last} as handed to one bulk; returns its span. */
    public Span open(long first, long last) {
        if (last < first) {
            throw new IllegalArgumentException("span " + first + ".." + last + " is empty");
        }
        Span tail = spans.peekLast();
        long floor = tail != null ? tail.next : committable;
        if (first < floor) {
            throw new IllegalStateException("span " + first + ".." + last + " overlaps offsets before " + floor);
        }
        Span span = new Span(this, first, last + 1);
        spans.addLast(span);
        return span;
    }

    /** Marks a span finished and advances the committable offset over every finished head span. */
    public void complete(Span span) {
        if (span.owner != this) {
            return; // from an earlier ownership of the partition: nothing to advance here
        }
        span.done = true;
        while (!spans.isEmpty() && spans.peekFirst().done) {
            committable = spans.pollFirst().next;
        }
    }

    /** The offset to commit (the next record to read), or -1 when nothing was finished yet. */
    public long committable() {
        return committable;
    }

    /** The first offset not yet known finished: where to re-read from to lose nothing. */
    public long firstOpenOffset() {
        Span head = spans.peekFirst();
        return head != null ? head.first : committable;
    }

    /** Spans handed out and not yet finished, finished ones behind an unfinished one included. */
    public int openSpans() {
        return spans.size();
    }

    public boolean hasOpenSpans() {
        return !spans.isEmpty();
    }

    /** A run of offsets in one bulk. */
    public static final class Span {
        private final PartitionOffsets owner;
        private final long first;
        private final long next;
        private boolean done;

        private Span(PartitionOffsets owner, long first, long next) {
            this.owner = owner;
            this.first = first;
            this.next = next;
        }

        public long first() {
            return first;
        }

        /** One past the last offset: what to commit once this span and all before it are done. */
        public long next() {
            return next;
        }

        public PartitionOffsets owner() {
            return owner;
        }

        @Override
        public String toString() {
            return first + ".." + (next - 1) + (done ? " done" : "");
        }
    }
}

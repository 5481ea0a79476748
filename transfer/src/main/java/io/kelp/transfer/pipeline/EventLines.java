package io.kelp.transfer.pipeline;

import io.kelp.contract.EventBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of one {@link EventBatch} value as read: the events' id and object ranges, and the
 * malformed lines with their reason. Collected first because the shared object's end (which every
 * document needs) is known only once the whole value is read, and a value refused whole must leave
 * nothing behind. Reused for every record: reading one allocates nothing unless a line is malformed.
 *
 * <p>Threading: consumer thread only.
 */
final class EventLines implements EventBatch.Visitor {

    /** Per event, four ints: id from, id to, object from, object to. */
    private int[] events = new int[4 * 64];
    private int count;
    private final List<int[]> malformedRanges = new ArrayList<>();
    private final List<String> malformedReasons = new ArrayList<>();

    /** Forgets the previous value's lines; returns this, for {@link EventBatch#read}. */
    EventLines reset() {
        count = 0;
        malformedRanges.clear();
        malformedReasons.clear();
        return this;
    }

    @Override
    public void event(int idFrom, int idTo, int objectFrom, int objectTo) {
        if (4 * count == events.length) {
            events = Arrays.copyOf(events, events.length * 2);
        }
        int at = 4 * count++;
        events[at] = idFrom;
        events[at + 1] = idTo;
        events[at + 2] = objectFrom;
        events[at + 3] = objectTo;
    }

    @Override
    public void malformed(int lineFrom, int lineTo, String why) {
        malformedRanges.add(new int[] {lineFrom, lineTo});
        malformedReasons.add(why);
    }

    int events() {
        return count;
    }

    int idFrom(int event) {
        return events[4 * event];
    }

    int idTo(int event) {
        return events[4 * event + 1];
    }

    int objectFrom(int event) {
        return events[4 * event + 2];
    }

    int objectTo(int event) {
        return events[4 * event + 3];
    }

    int malformed() {
        return malformedRanges.size();
    }

    /** The bytes of malformed line {@code m}, as a new array (it becomes a dead letter's value). */
    byte[] malformedLine(byte[] value, int m) {
        int[] range = malformedRanges.get(m);
        return Arrays.copyOfRange(value, range[0], range[1]);
    }

    String malformedReason(int m) {
        return malformedReasons.get(m);
    }
}

package io.kelp.transfer.pipeline;

import io.kelp.contract.IndexDay;
import io.kelp.transfer.bulk.BulkBody;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks a record's daily index, {@code <indexPrefix><yyyy.MM.dd>} of the UTC day of its event
 * time, and hands out the pre-encoded action line start for it. Almost every record of a stream
 * falls on the same day or two, so the encoded names are cached per day number and the per-record
 * cost is one division and a map lookup at most.
 *
 * <p>Threading: consumer thread only.
 */
public final class DailyIndexes {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int CACHE_LIMIT = 64;

    private final String prefix;
    private final Map<Long, byte[]> actionPrefixes = new HashMap<>();
    private long lastDay = Long.MIN_VALUE;
    private byte[] lastActionPrefix;

    public DailyIndexes(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The index name for an event time, or null when the time cannot name an index (see below). */
    public String indexFor(long epochMillis) {
        LocalDate day = dayOf(epochMillis);
        return day == null ? null : prefix + IndexDay.format(day);
    }

    /**
     * The start of the action line for a record with this event time, or null when the time is
     * negative (Kafka's "no timestamp") or outside years 1000-9999: such a record would otherwise
     * land in an arbitrary index, and a replay might land it in another one.
     */
    public byte[] actionPrefixFor(long epochMillis) {
        long dayNumber = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        if (dayNumber == lastDay) {
            return lastActionPrefix;
        }
        byte[] cached = actionPrefixes.get(dayNumber);
        if (cached == null) {
            String index = indexFor(epochMillis);
            if (index == null) {
                return null;
            }
            if (actionPrefixes.size() >= CACHE_LIMIT) {
                actionPrefixes.clear();
            }
            cached = BulkBody.actionPrefix(index);
            actionPrefixes.put(dayNumber, cached);
        }
        lastDay = dayNumber;
        lastActionPrefix = cached;
        return cached;
    }

    private static LocalDate dayOf(long epochMillis) {
        if (epochMillis < 0) {
            return null;
        }
        LocalDate day = IndexDay.ofEpochMillis(epochMillis);
        return day.getYear() < 1000 || day.getYear() > 9999 ? null : day;
    }
}

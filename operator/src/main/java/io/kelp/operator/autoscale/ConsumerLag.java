package io.kelp.operator.autoscale;

import java.util.HashMap;
import java.util.Map;

/**
 * Sums a consumer group's lag over the partitions of its topic, as KEDA's Kafka scaler does.
 *
 * <p>A partition without a committed offset counts everything still retained ({@code end - start})
 * as lag: the transfer starts from the earliest offset, so all of it is work to do. With
 * {@code excludePersistentLag}, a partition whose committed offset has not moved since the previous
 * observation is left out (KEDA's {@code excludePersistentLag}): a stuck partition then cannot
 * drive the tier to its maximum. Not thread-safe; one instance per collection.
 */
public final class ConsumerLag {

    /** One partition's offsets; {@code committed} is negative when the group has none. */
    public record PartitionOffsets(long start, long end, long committed) {
        long lag() {
            return committed < 0 ? Math.max(0, end - start) : Math.max(0, end - committed);
        }
    }

    private final boolean excludePersistentLag;
    private Map<Integer, Long> previousCommitted = Map.of();

    public ConsumerLag(boolean excludePersistentLag) {
        this.excludePersistentLag = excludePersistentLag;
    }

    public long total(Map<Integer, PartitionOffsets> partitions) {
        long total = 0;
        Map<Integer, Long> committed = new HashMap<>();
        for (Map.Entry<Integer, PartitionOffsets> entry : partitions.entrySet()) {
            PartitionOffsets offsets = entry.getValue();
            committed.put(entry.getKey(), offsets.committed());
            Long before = previousCommitted.get(entry.getKey());
            boolean stuck = offsets.committed() >= 0 && before != null && before == offsets.committed();
            if (excludePersistentLag && stuck && offsets.lag() > 0) {
                continue;
            }
            total += offsets.lag();
        }
        previousCommitted = committed;
        return total;
    }
}

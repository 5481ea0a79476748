package io.kelp.operator.reconcile;

import io.kelp.contract.CollectionRef;
import io.kelp.operator.desired.IndexRetention;
import io.kelp.operator.elasticsearch.IndexHandler;
import io.kelp.operator.status.PartFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.LocalDate;
import java.util.List;

/**
 * Deletes a collection's daily indices older than its retention; the shipped Elasticsearch has no
 * ILM. Runs from reconcile, at most once per {@code kelp.operator.retention-interval} per collection,
 * which is still far finer than the one-day granularity of the indices.
 */
public final class RetentionSweep {

    private final IndexHandler indices;
    private final Clock clock;
    private final Duration interval;
    private final Map<CollectionRef, Instant> lastSwept = new ConcurrentHashMap<>();

    /** @param interval least time between two sweeps of one collection (a resync of many is not a sweep of many) */
    public RetentionSweep(IndexHandler indices, Clock clock, Duration interval) {
        this.indices = indices;
        this.clock = clock;
        this.interval = interval;
    }

    /** Returns the indices it deleted; nothing when this collection was swept less than an interval ago. */
    public List<String> sweep(CollectionRef ref, int retentionDays) throws PartFailure {
        Instant now = clock.instant();
        Instant last = lastSwept.get(ref);
        if (last != null && last.plus(interval).isAfter(now)) {
            return List.of();
        }
        List<String> deleted = sweepNow(ref, retentionDays);
        lastSwept.put(ref, now);
        return deleted;
    }

    public void forget(CollectionRef ref) {
        lastSwept.remove(ref);
    }

    private List<String> sweepNow(CollectionRef ref, int retentionDays) throws PartFailure {
        List<String> expired = IndexRetention.expired(ref, indices.list(ref.indexPattern()), retentionDays,
                LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        if (!expired.isEmpty()) {
            indices.delete(expired);
        }
        return expired;
    }
}

package io.kelp.operator.reconcile;

import io.kelp.contract.CollectionRef;
import io.kelp.operator.desired.IndexRetention;
import io.kelp.operator.elasticsearch.IndexHandler;
import io.kelp.operator.status.PartFailure;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Deletes a collection's daily indices older than its retention; the shipped Elasticsearch has no
 * ILM. Runs with every reconcile (at least every few minutes through the periodic resync), which is
 * far finer than the one-day granularity of the indices.
 */
public final class RetentionSweep {

    private final IndexHandler indices;
    private final Clock clock;

    public RetentionSweep(IndexHandler indices, Clock clock) {
        this.indices = indices;
        this.clock = clock;
    }

    /** Returns the indices it deleted. */
    public List<String> sweep(CollectionRef ref, int retentionDays) throws PartFailure {
        List<String> expired = IndexRetention.expired(ref, indices.list(ref.indexPattern()), retentionDays,
                LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        if (!expired.isEmpty()) {
            indices.delete(expired);
        }
        return expired;
    }
}

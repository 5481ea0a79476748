package io.kelp.operator.desired;

import io.kelp.contract.CollectionRef;
import io.kelp.contract.IndexDay;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * Which of a collection's daily indices have outlived its retention. With a retention of N days
 * the indices of today and the N-1 days before it stay. Only names that are exactly this
 * collection's prefix plus a day are candidates: anything else matching the pattern (a reindex
 * target, an index of another tool) is never deleted.
 */
public final class IndexRetention {

    private IndexRetention() {
    }

    public static List<String> expired(CollectionRef ref, Collection<String> indices, int retentionDays, LocalDate today) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least one day, got " + retentionDays);
        }
        LocalDate oldestKept = today.minusDays(retentionDays - 1L);
        return indices.stream()
                .filter(index -> index.startsWith(ref.indexPrefix()))
                .filter(index -> {
                    LocalDate day = IndexDay.parseOrNull(index.substring(ref.indexPrefix().length()));
                    return day != null && day.isBefore(oldestKept);
                })
                .sorted()
                .toList();
    }
}

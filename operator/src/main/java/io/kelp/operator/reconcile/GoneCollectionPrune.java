package io.kelp.operator.reconcile;

import io.kelp.contract.CollectionRef;
import io.kelp.operator.reconcile.CollectionReadiness.Key;

import java.util.List;
import java.util.function.Predicate;

/**
 * Forgets what the operator keeps for collections deleted without a cleanup: JOSDK calls cleanup
 * only while the finalizer is there, so a finalizer removed by hand or by a forced namespace
 * deletion would leave a readiness series, status patches to a vanished collection, retention
 * prefixes and autoscaler state behind forever.
 */
public final class GoneCollectionPrune {

    private final CollectionReadiness readiness;
    private final List<PerCollectionState> states;

    public GoneCollectionPrune(CollectionReadiness readiness, List<PerCollectionState> states) {
        this.readiness = readiness;
        this.states = List.copyOf(states);
    }

    /**
     * One pass. {@code exists} must answer true when it cannot tell: unknown is not gone. Each ref
     * is taken from the snapshot before it is checked, and a collection is in the informer cache
     * before it is reconciled, so a ref the check does not find was deleted, not merely not seen yet.
     */
    public void forgetGone(Predicate<Key> exists) {
        readiness.forgetGone(exists);
        for (PerCollectionState state : states) {
            for (CollectionRef ref : state.trackedCollections()) {
                if (!exists.test(Key.of(ref))) {
                    state.forget(ref);
                }
            }
        }
    }
}

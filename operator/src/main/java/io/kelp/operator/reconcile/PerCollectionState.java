package io.kelp.operator.reconcile;

import io.kelp.contract.CollectionRef;

import java.util.Set;

/**
 * State a loop beside reconcile keeps per collection: reconcile fills it, cleanup empties it. A
 * collection deleted without a cleanup (its finalizer removed) is forgotten by
 * {@link GoneCollectionPrune} instead.
 */
public interface PerCollectionState {

    /** A snapshot of the collections state is kept for now. */
    Set<CollectionRef> trackedCollections();

    void forget(CollectionRef ref);
}

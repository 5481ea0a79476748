package io.kelp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A LogCollection or a ClusterLogCollection, as the operator reconciles both.
 *
 * <p>The accessors are deliberately not bean-style {@code getSpec()}/{@code setStatus()}: those
 * would make the compiler add bridge methods next to {@code CustomResource}'s generic ones, and
 * Jackson then refuses the class ("conflicting setter definitions"), so the client cannot read it.
 */
public interface CollectionResource {

    ObjectMeta getMetadata();

    /** The spec, whichever kind this is. */
    CollectionSpec collectionSpec();

    /** The status, or null before the first reconcile. */
    LogCollectionStatus collectionStatus();
}

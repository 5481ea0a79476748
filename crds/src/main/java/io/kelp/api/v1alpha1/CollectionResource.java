package io.kelp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A LogCollection or a ClusterLogCollection, as the operator reconciles both. */
public interface CollectionResource extends HasMetadata {

    CollectionSpec getSpec();

    LogCollectionStatus getStatus();

    void setStatus(LogCollectionStatus status);
}

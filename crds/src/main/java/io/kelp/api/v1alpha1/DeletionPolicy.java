package io.kelp.api.v1alpha1;

/** What the operator does with a collection's topic, index template and indices when it is deleted. */
public enum DeletionPolicy {
    /** Keep them: deleting the resource stops collection but keeps the data. */
    Retain,
    /** Delete them with the resource. */
    Delete
}

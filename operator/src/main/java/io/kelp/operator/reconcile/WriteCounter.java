package io.kelp.operator.reconcile;

/**
 * Counts writes the operator makes, by target (a condition type for the part it wrote, "status",
 * "event"). Exposed as a metric so that "a resync that changes nothing writes nothing" can be
 * checked on a running operator, not just in tests.
 */
@FunctionalInterface
public interface WriteCounter {

    void wrote(String target);
}

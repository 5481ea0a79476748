package io.kelp.agent;

import io.kelp.contract.CollectionRef;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent did per collection, for its heartbeat. The per-record cost is one
 * {@link LongAdder#increment()}: each tail looks its collection's adder up once, when it is opened,
 * and its {@code AckTracker} counts every acknowledged record on it.
 */
public final class CollectionCounters {

    private final Map<CollectionRef, LongAdder> shipped = new ConcurrentHashMap<>();
    private volatile Map<CollectionRef, Integer> filesTailed = Map.of();

    /** The counter of records of {@code collection} that Kafka acknowledged; look it up once per tail. */
    public LongAdder shipped(CollectionRef collection) {
        return shipped.computeIfAbsent(collection, c -> new LongAdder());
    }

    /** Records acknowledged since start, per collection that ever shipped or was tailed. */
    public Map<CollectionRef, Long> shippedTotals() {
        Map<CollectionRef, Long> totals = new HashMap<>();
        shipped.forEach((collection, adder) -> totals.put(collection, adder.sum()));
        return totals;
    }

    /** Published by the tailing thread (once per checkpoint interval): files tailed per collection now. */
    public void reportFilesTailed(Map<CollectionRef, Integer> files) {
        filesTailed = Map.copyOf(files);
    }

    public Map<CollectionRef, Integer> filesTailed() {
        return filesTailed;
    }
}

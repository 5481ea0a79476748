package io.kelp.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.desired.IndexRetention;
import io.kelp.operator.elasticsearch.IndexHandler;
import io.kelp.operator.kubernetes.EventRecorder;
import io.kelp.operator.status.PartFailure;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes collections' daily indices older than their retention; the shipped Elasticsearch has no
 * ILM. Reconcile tracks each collection with a retention; {@link #tick} runs on a loop thread and,
 * when any collection is due (never swept, or swept {@code kelp.operator.retention-interval} ago),
 * lists every Kelp index with <em>one</em> request and deletes what has expired, so a thousand
 * collections cost one listing per interval, not a thousand, and no reconcile waits for it.
 * Best effort: an index that outlives its retention by one more pass harms nobody.
 */
public final class RetentionSweep implements PerCollectionState {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    /** Every Kelp index, of both kinds of collection. */
    static final String ALL_INDICES = "kelp-*";

    /** A tracked collection; {@code owner} only names it for events. */
    private record Tracked(int retentionDays, HasMetadata owner, Instant lastSwept) {
    }

    private final IndexHandler indices;
    private final EventRecorder events;
    private final WriteCounter writes;
    private final Duration interval;
    private final Map<CollectionRef, Tracked> tracked = new ConcurrentHashMap<>();

    /** @param interval least time between two sweeps of one collection */
    public RetentionSweep(IndexHandler indices, EventRecorder events, WriteCounter writes, Duration interval) {
        this.indices = indices;
        this.events = events;
        this.writes = writes;
        this.interval = interval;
    }

    /** Called by reconcile; a collection's first sweep follows at the next pass. */
    public void track(CollectionRef ref, HasMetadata collection, int retentionDays) {
        tracked.compute(ref, (r, old) -> new Tracked(retentionDays, ownerOf(collection),
                old == null || old.retentionDays() != retentionDays ? null : old.lastSwept()));
    }

    @Override
    public Set<CollectionRef> trackedCollections() {
        return Set.copyOf(tracked.keySet());
    }

    @Override
    public void forget(CollectionRef ref) {
        tracked.remove(ref);
    }

    /** One pass: sweeps the collections that are due. */
    public void tick(Instant now) {
        List<CollectionRef> due = new ArrayList<>();
        tracked.forEach((ref, t) -> {
            if (t.lastSwept() == null || !t.lastSwept().plus(interval).isAfter(now)) {
                due.add(ref);
            }
        });
        if (due.isEmpty()) {
            return;
        }
        Map<String, List<String>> byPrefix;
        try {
            byPrefix = byPrefix(indices.list(ALL_INDICES));
        } catch (PartFailure e) {
            LOG.warnf("cannot list indices for the retention sweep, retrying next pass: %s", e.getMessage());
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (CollectionRef ref : due) {
            Tracked t = tracked.get(ref);
            if (t != null) {
                sweep(ref, t, byPrefix.getOrDefault(ref.indexPrefix(), List.of()), today);
                tracked.computeIfPresent(ref, (r, current) -> new Tracked(current.retentionDays(), current.owner(), now));
            }
        }
    }

    private void sweep(CollectionRef ref, Tracked t, List<String> candidates, LocalDate today) {
        List<String> expired = IndexRetention.expired(ref, candidates, t.retentionDays(), today);
        if (expired.isEmpty()) {
            return;
        }
        try {
            indices.delete(expired);
            writes.wrote("index-deletion");
            events.record(t.owner(), EventRecorder.Type.Normal, "IndicesExpired", "deleted " + expired.size()
                    + " indices older than " + t.retentionDays() + " days: " + String.join(", ", expired));
        } catch (PartFailure e) {
            events.record(t.owner(), EventRecorder.Type.Warning, "RetentionFailed", e.getMessage());
        }
    }

    /** Index names grouped by their collection prefix ({@code kelp-<ns>_<name>_}, up to the last '_'). */
    private static Map<String, List<String>> byPrefix(List<String> names) {
        Map<String, List<String>> groups = new HashMap<>();
        for (String name : names) {
            int day = name.lastIndexOf('_');
            if (day > 0) {
                groups.computeIfAbsent(name.substring(0, day + 1), p -> new ArrayList<>()).add(name);
            }
        }
        return groups;
    }

    private static HasMetadata ownerOf(HasMetadata collection) {
        GenericKubernetesResource owner = new GenericKubernetesResource();
        owner.setApiVersion(collection.getApiVersion());
        owner.setKind(collection.getKind());
        owner.setMetadata(new ObjectMetaBuilder().withNamespace(collection.getMetadata().getNamespace())
                .withName(collection.getMetadata().getName()).withUid(collection.getMetadata().getUid()).build());
        return owner;
    }
}

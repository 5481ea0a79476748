package io.kelp.operator.reconcile;

import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.reconcile.CollectionReadiness.Key;
import io.kelp.operator.transfer.TransferAutoscaler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.kelp.operator.desired.Collections.clusterCollection;
import static io.kelp.operator.desired.Collections.collection;
import static org.assertj.core.api.Assertions.assertThat;

class GoneCollectionPruneTest {

    private static final CollectionRef GONE = new CollectionRef("team-a", "web");
    private static final CollectionRef LIVE = new CollectionRef("team-b", "web");
    private static final CollectionRef CLUSTER = new CollectionRef(CollectionRef.CLUSTER_NAMESPACE, "nodes");

    // Only track, trackedCollections and forget are used here: none of them reaches a server.
    private final AgentStatusUpdater agentStatus = new AgentStatusUpdater(null, null, null);
    private final RetentionSweep retention = new RetentionSweep(null, null, null, Duration.ofMinutes(10));
    private final TransferAutoscaler autoscaler = new TransferAutoscaler(null, null, null, false, null,
            Duration.ofMinutes(1), null, null);
    private final List<PerCollectionState> states = List.of(agentStatus, retention, autoscaler);
    private final RecordedReadiness readiness = new RecordedReadiness();
    private final GoneCollectionPrune prune = new GoneCollectionPrune(readiness, states);

    @Test
    void forgetsACollectionTheCachesNoLongerHaveInEveryPerCollectionState() {
        trackEverywhere(GONE, LIVE, CLUSTER);
        Predicate<Key> exists = key -> !key.equals(new Key("LogCollection", "team-a", "web"));

        // team-a/web lost its finalizer and was deleted: cleanup never ran.
        prune.forgetGone(exists);

        for (PerCollectionState state : states) {
            assertThat(state.trackedCollections()).as(state.getClass().getSimpleName())
                    .containsExactlyInAnyOrder(LIVE, CLUSTER);
        }
        assertThat(readiness.prunedWith).as("the readiness series are pruned by the same check")
                .containsExactly(exists);
    }

    @Test
    void aClusterCollectionIsLookedUpAsClusterScopedWithoutNamespace() {
        agentStatus.track(CLUSTER, null, null);
        List<Key> asked = new ArrayList<>();

        prune.forgetGone(key -> {
            asked.add(key);
            return false;
        });

        assertThat(asked).containsExactly(new Key("ClusterLogCollection", "", "nodes"));
        assertThat(agentStatus.trackedCollections()).isEmpty();
    }

    @Test
    void keepsEverythingWhileTheCachesCannotTell() {
        trackEverywhere(GONE);

        // PrimaryCaches answers true for a kind whose cache it cannot read: unknown is not gone.
        prune.forgetGone(key -> true);

        for (PerCollectionState state : states) {
            assertThat(state.trackedCollections()).as(state.getClass().getSimpleName()).containsExactly(GONE);
        }
    }

    @Test
    void aRecreatedCollectionIsTrackedAgainByItsNextReconcile() {
        trackEverywhere(GONE);
        prune.forgetGone(key -> false);
        trackEverywhere(GONE);

        for (PerCollectionState state : states) {
            assertThat(state.trackedCollections()).as(state.getClass().getSimpleName()).containsExactly(GONE);
        }
    }

    /** What reconcile does for a collection with a retention and a transfer Deployment. */
    private void trackEverywhere(CollectionRef... refs) {
        for (CollectionRef ref : refs) {
            agentStatus.track(ref, null, null);
            autoscaler.track(ref, "uid", null, 1, 1, null, null);
            retention.track(ref, ref.clusterScoped() ? clusterCollection(ref.name(), 1)
                    : collection(ref.namespace(), ref.name(), 1), 7);
        }
    }

    private static final class RecordedReadiness implements CollectionReadiness {
        final List<Predicate<Key>> prunedWith = new ArrayList<>();

        @Override
        public void recorded(CollectionResource collection, boolean ready) {
        }

        @Override
        public void forget(CollectionResource collection) {
        }

        @Override
        public void forgetGone(Predicate<Key> exists) {
            prunedWith.add(exists);
        }
    }
}

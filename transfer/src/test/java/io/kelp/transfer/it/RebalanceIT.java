package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.pipeline.TransferSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/** A second transfer joins the group mid-stream and leaves again: nothing lost, nothing doubled. */
class RebalanceIT {

    private static final int TOTAL = 24_000;

    @Test
    void secondInstanceJoiningAndLeavingMidStreamLosesAndDuplicatesNothing() {
        CollectionRef ref = Fixture.newCollection("rebalance");
        Fixture.createTopic(ref, 4);
        Fixture.putTask(ref);
        TransferSettings d = Fixture.settings();
        // smaller bulks, so that several are in flight when partitions move
        TransferSettings settings = new TransferSettings(64 * 1024, 200, d.linger(), d.concurrency(),
                d.maxInFlightBytes(), d.commitInterval(), d.revokeTimeout(), d.shutdownTimeout(),
                d.backoffInitial(), d.backoffMax());
        RecordingMetrics first = new RecordingMetrics();
        RecordingMetrics second = new RecordingMetrics();
        long third = TOTAL / 3;
        CompletableFuture<Long> lastWave;

        // Records are produced in three waves so that each instance has work whatever the machine's
        // speed: the first wave before the second instance joins, the second while both are in the
        // group, the third just before the second instance leaves.
        // event-batch records, as the agent produces them; the committed offsets count records
        long records = Fixture.produceEvents(ref, 0, third, Fixture::twoDays);
        try (TransferRuntime a = new TransferRuntime(ref, Fixture.endpoints(), settings, first).start()) {
            await("first instance indexing", Duration.ofSeconds(60), () -> first.indexed.get() >= 2_000);
            try (TransferRuntime b = new TransferRuntime(ref, Fixture.endpoints(), settings, second).start()) {
                await("second instance owning partitions", Duration.ofSeconds(60),
                        () -> !second.reportingPartitions.isEmpty());
                records += Fixture.produceEvents(ref, third, 2 * third, Fixture::twoDays);
                await("second instance indexing", Duration.ofSeconds(60), () -> second.indexed.get() >= 1_000);
                // the second instance leaves while the last wave is still being produced
                lastWave = CompletableFuture.supplyAsync(() -> Fixture.produceEvents(ref, 2 * third, TOTAL, Fixture::twoDays));
                await("last wave reaching Elasticsearch", Duration.ofSeconds(60),
                        () -> count(ref.indexPattern()) > 2 * third || lastWave.isDone());
                long atLeave = count(ref.indexPattern());
                assertThat(atLeave).as("second instance left mid-stream").isLessThan(TOTAL);
            }
            long produced = records + lastWave.join();
            await("all documents", Duration.ofSeconds(120), () -> count(ref.indexPattern()) >= TOTAL);
            await("all offsets committed", Duration.ofSeconds(30), () -> Fixture.committedTotal(ref) == produced);
        }
        System.out.println("indexed by the first instance: " + first.indexed + ", by the second: " + second.indexed);
        assertThat(count(ref.indexPattern())).isEqualTo(TOTAL);
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo((TOTAL - 1L) * TOTAL / 2);
    }
}

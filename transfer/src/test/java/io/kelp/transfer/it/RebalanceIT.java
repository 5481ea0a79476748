package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.pipeline.TransferSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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
        Fixture.produce(ref, 0, TOTAL, Fixture::twoDays);
        TransferSettings d = Fixture.settings();
        // smaller bulks, so that several are in flight when partitions move
        TransferSettings settings = new TransferSettings(64 * 1024, 200, d.linger(), d.concurrency(),
                d.maxInFlightBytes(), d.commitInterval(), d.revokeTimeout(), d.shutdownTimeout(),
                d.backoffInitial(), d.backoffMax());
        RecordingMetrics first = new RecordingMetrics();
        RecordingMetrics second = new RecordingMetrics();

        try (TransferRuntime a = new TransferRuntime(ref, Fixture.endpoints(), settings, first).start()) {
            await("first instance indexing", Duration.ofSeconds(60), () -> first.indexed.get() >= 2_000);
            try (TransferRuntime b = new TransferRuntime(ref, Fixture.endpoints(), settings, second).start()) {
                await("second instance indexing", Duration.ofSeconds(60), () -> second.indexed.get() >= 2_000);
                long atLeave = count(ref.indexPattern());
                assertThat(atLeave).as("second instance left mid-stream").isLessThan(TOTAL);
            }
            await("all documents", Duration.ofSeconds(120), () -> count(ref.indexPattern()) >= TOTAL);
            await("all offsets committed", Duration.ofSeconds(30), () -> Fixture.committedTotal(ref) == TOTAL);
        }
        System.out.println("indexed by the first instance: " + first.indexed + ", by the second: " + second.indexed);
        assertThat(count(ref.indexPattern())).isEqualTo(TOTAL);
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo((TOTAL - 1L) * TOTAL / 2);
    }
}

package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.testkit.ElasticsearchServer;
import io.kelp.testkit.KelpServers;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.pipeline.TransferSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/** Elasticsearch stopped mid-stream: nothing lost, nothing doubled, catch-up soon after it returns. */
class OutageIT {

    private static final int TOTAL = 6_000;

    @Test
    void pausesWhileElasticsearchIsDownAndCatchesUpWithinSecondsAfterItReturns() throws Exception {
        CollectionRef ref = Fixture.newCollection("outage");
        Fixture.createTopic(ref, 3);
        Fixture.putTask(ref);
        ElasticsearchServer elasticsearch = KelpServers.elasticsearch();
        RecordingMetrics metrics = new RecordingMetrics();
        // production backoff (2 s cap); a small in-flight limit so the pause is reached in a test
        TransferSettings d = Fixture.settings();
        TransferSettings settings = new TransferSettings(d.bulkMaxBytes(), d.bulkMaxDocuments(), d.linger(),
                d.concurrency(), 200_000, d.commitInterval(), d.revokeTimeout(), d.shutdownTimeout(),
                Duration.ofMillis(100), Duration.ofSeconds(2));

        // event-batch records, as the agent produces them
        Fixture.produceEvents(ref, 0, 2_000, Fixture::twoDays);
        try (TransferRuntime ignored = new TransferRuntime(ref, Fixture.endpoints(), settings, metrics).start()) {
            await("first documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 2_000);

            elasticsearch.stop();
            try {
                Fixture.produceEvents(ref, 2_000, TOTAL, Fixture::twoDays);
                Fixture.sleep(30_000);
                assertThat(metrics.everPaused).as("paused partitions during the outage").isTrue();
                assertThat(metrics.retried.get()).as("retried bulks during the outage").isPositive();
            } finally {
                elasticsearch.start();
            }
            // Measured by the transfer's own acknowledgement, not by this test's refresh-and-count
            // polling, which on a loaded machine adds seconds that are not the transfer's.
            long back = System.nanoTime();
            metrics.mark = back;
            await("indexing resumed", Duration.ofSeconds(30), () -> metrics.firstIndexedAfterMark.get() != 0);
            Duration resumedAfter = Duration.ofNanos(metrics.firstIndexedAfterMark.get() - back);
            System.out.println("indexing resumed " + resumedAfter.toMillis() + " ms after Elasticsearch was back");
            await("all documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == TOTAL);

            assertThat(resumedAfter).as("resume after Elasticsearch returned").isLessThan(Duration.ofSeconds(5));
            assertThat(metrics.pausedNow).as("partitions resumed").isFalse();
        }
        assertThat(count(ref.indexPattern())).isEqualTo(TOTAL);
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo((TOTAL - 1L) * TOTAL / 2);
    }
}

package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.transfer.TransferRuntime;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/** Items Elasticsearch refuses for now (not for ever) are retried, not dead-lettered, and not committed. */
class RetryIT {

    @Test
    void retriesItemsOfAWriteBlockedIndexUntilTheBlockIsLifted() {
        CollectionRef ref = Fixture.newCollection("blocked");
        String index = ref.indexPrefix() + "2026.11.20";
        Fixture.es("PUT", "/" + index, "{\"settings\":{\"index.blocks.write\":true}}");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        Fixture.produce(ref, 0, 100, seq -> Fixture.DAY_ONE);
        RecordingMetrics metrics = new RecordingMetrics();

        try (TransferRuntime ignored = new TransferRuntime(ref, Fixture.endpoints(), Fixture.settings(), metrics).start()) {
            await("retries against the blocked index", Duration.ofSeconds(60), () -> metrics.retried.get() >= 200);
            assertThat(count(ref.indexPattern())).isZero();
            assertThat(Fixture.committedTotal(ref)).as("nothing committed while blocked").isLessThanOrEqualTo(0);

            Fixture.es("PUT", "/" + index + "/_settings", "{\"index.blocks.write\":false}");
            await("documents after the block is lifted", Duration.ofSeconds(30), () -> count(ref.indexPattern()) == 100);
            await("offsets committed", Duration.ofSeconds(30), () -> Fixture.committedTotal(ref) == 100);
        }
        assertThat(metrics.deadLettered.get()).isZero();
        assertThat(metrics.indexed.get()).isEqualTo(100);
    }
}

package io.kelp.operator.autoscale;

import io.kelp.operator.autoscale.ConsumerLag.PartitionOffsets;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerLagTest {

    @Test
    void lagIsEndMinusCommittedSummedOverPartitions() {
        assertThat(new ConsumerLag(false).total(Map.of(
                0, new PartitionOffsets(0, 100, 40),
                1, new PartitionOffsets(0, 50, 50)))).isEqualTo(60);
    }

    @Test
    void partitionWithoutCommittedOffsetCountsEverythingRetained() {
        assertThat(new ConsumerLag(false).total(Map.of(0, new PartitionOffsets(30, 100, -1)))).isEqualTo(70);
    }

    @Test
    void persistentLagIsExcludedOnlyWhenAskedAndOnlyOnceTheOffsetStoodStill() {
        ConsumerLag excluding = new ConsumerLag(true);
        ConsumerLag counting = new ConsumerLag(false);
        Map<Integer, PartitionOffsets> first = Map.of(0, new PartitionOffsets(0, 100, 10), 1, new PartitionOffsets(0, 100, 10));
        Map<Integer, PartitionOffsets> second = Map.of(0, new PartitionOffsets(0, 200, 10), 1, new PartitionOffsets(0, 200, 60));

        assertThat(excluding.total(first)).isEqualTo(180);
        assertThat(excluding.total(second)).isEqualTo(140);
        counting.total(first);
        assertThat(counting.total(second)).isEqualTo(330);
    }
}

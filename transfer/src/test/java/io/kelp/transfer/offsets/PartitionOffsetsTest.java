package io.kelp.transfer.offsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionOffsetsTest {

    @Test
    void nothingIsCommittableBeforeAnySpanFinishes() {
        PartitionOffsets offsets = new PartitionOffsets();
        offsets.open(0, 9);
        assertThat(offsets.committable()).isEqualTo(-1);
        assertThat(offsets.firstOpenOffset()).isZero();
    }

    @Test
    void commitsOnlyUpToTheLastContiguousFinishedSpan() {
        PartitionOffsets offsets = new PartitionOffsets();
        PartitionOffsets.Span first = offsets.open(0, 9);
        PartitionOffsets.Span second = offsets.open(10, 19);
        PartitionOffsets.Span third = offsets.open(20, 29);

        offsets.complete(third);
        offsets.complete(second);
        assertThat(offsets.committable()).isEqualTo(-1);

        offsets.complete(first);
        assertThat(offsets.committable()).isEqualTo(30);
        assertThat(offsets.hasOpenSpans()).isFalse();
    }

    @Test
    void finishedSpanBehindAnUnfinishedOneDoesNotAdvance() {
        PartitionOffsets offsets = new PartitionOffsets();
        PartitionOffsets.Span first = offsets.open(0, 4);
        PartitionOffsets.Span second = offsets.open(5, 9);
        offsets.open(10, 14);
        offsets.complete(first);
        assertThat(offsets.committable()).isEqualTo(5);
        offsets.complete(second);
        assertThat(offsets.committable()).isEqualTo(10);
        assertThat(offsets.firstOpenOffset()).isEqualTo(10);
    }

    @Test
    void toleratesGapsBetweenSpans() {
        PartitionOffsets offsets = new PartitionOffsets();
        PartitionOffsets.Span first = offsets.open(0, 4);
        PartitionOffsets.Span afterGap = offsets.open(8, 9); // 5..7 were transaction markers
        offsets.complete(afterGap);
        offsets.complete(first);
        assertThat(offsets.committable()).isEqualTo(10);
    }

    @Test
    void refusesSpansThatGoBackwards() {
        PartitionOffsets offsets = new PartitionOffsets();
        offsets.open(0, 9);
        assertThatThrownBy(() -> offsets.open(5, 12)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void spanOfAnEarlierOwnershipCannotAdvanceANewTracker() {
        PartitionOffsets before = new PartitionOffsets();
        PartitionOffsets.Span stale = before.open(0, 9);
        PartitionOffsets after = new PartitionOffsets();
        after.open(0, 9);
        after.complete(stale);
        assertThat(after.committable()).isEqualTo(-1);
    }
}

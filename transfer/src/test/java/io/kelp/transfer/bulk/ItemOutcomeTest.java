package io.kelp.transfer.bulk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemOutcomeTest {

    @Test
    void createdAndUpdatedAreIndexed() {
        assertThat(ItemOutcome.classify(201, null)).isEqualTo(ItemOutcome.INDEXED);
        assertThat(ItemOutcome.classify(200, null)).isEqualTo(ItemOutcome.INDEXED);
    }

    @Test
    void overloadAndServerErrorsAreRetried() {
        assertThat(ItemOutcome.classify(429, "es_rejected_execution_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.classify(503, "unavailable_shards_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.classify(500, null)).isEqualTo(ItemOutcome.RETRY);
    }

    @Test
    void readOnlyIndexIsRetriedNotDeadLettered() {
        assertThat(ItemOutcome.classify(403, "cluster_block_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.classify(400, "index_closed_exception")).isEqualTo(ItemOutcome.RETRY);
    }

    @Test
    void malformedDocumentsAreDeadLettered() {
        assertThat(ItemOutcome.classify(400, "document_parsing_exception")).isEqualTo(ItemOutcome.DEAD_LETTER);
        assertThat(ItemOutcome.classify(400, "mapper_parsing_exception")).isEqualTo(ItemOutcome.DEAD_LETTER);
        assertThat(ItemOutcome.classify(400, "illegal_argument_exception")).isEqualTo(ItemOutcome.DEAD_LETTER);
    }
}

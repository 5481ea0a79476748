package io.kelp.agent.record;

import io.kelp.contract.RecordId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecordKeysTest {

    @Test
    void bytesEqualTheContractsRecordId() {
        long[] ids = {0, 1, -1, 0x0123456789abcdefL, Long.MIN_VALUE};
        long[] offsets = {0, 1, 15, 16, 255, 256, 0xfffffL, Long.MAX_VALUE};
        for (long id : ids) {
            for (long offset : offsets) {
                assertThat(new String(RecordKeys.of(id, offset), StandardCharsets.UTF_8))
                        .isEqualTo(RecordId.of(id, offset));
            }
        }
    }
}

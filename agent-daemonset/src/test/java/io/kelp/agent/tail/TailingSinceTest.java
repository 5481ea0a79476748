package io.kelp.agent.tail;

import io.kelp.contract.CollectionRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TailingSinceTest {

    @TempDir
    Path dir;

    @Test
    void theFirstRunsStartIsKeptAcrossRestartsPerCollection() {
        CollectionRef web = new CollectionRef("shop", "web");
        CollectionRef db = new CollectionRef("shop", "db");
        assertThat(new TailingSince(dir, 1_000).of(web)).isEqualTo(1_000);

        TailingSince restarted = new TailingSince(dir, 5_000);
        assertThat(restarted.of(web)).isEqualTo(1_000);
        assertThat(restarted.of(db)).isEqualTo(5_000);
        assertThat(new TailingSince(dir, 9_000).of(db)).isEqualTo(5_000);
    }

    @Test
    void inMemoryIsTheStartOfThisRun() {
        assertThat(TailingSince.inMemory(7_000).of(new CollectionRef("shop", "web"))).isEqualTo(7_000);
    }
}

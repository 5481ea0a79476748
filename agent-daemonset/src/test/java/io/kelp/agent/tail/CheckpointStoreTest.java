package io.kelp.agent.tail;

import io.kelp.contract.CollectionRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointStoreTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");

    @TempDir
    Path dir;

    @Test
    void savedCheckpointIsFoundByContentFingerprint() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        Fingerprint f = new Fingerprint(40, 0xabcdefL);
        store.save(WEB, new Checkpoint(-5L, f, 4096, "/p/0.log"));
        Checkpoint found = new CheckpointStore(dir).find(WEB, f);
        assertThat(found).isEqualTo(new Checkpoint(-5L, f, 4096, "/p/0.log"));
        assertThat(store.find(new CollectionRef("shop", "api"), f)).isNull();
        assertThat(store.find(WEB, new Fingerprint(41, 0xabcdefL))).isNull();
    }

    @Test
    void overwriteReplacesAtomicallyAndLeavesNoTempFile() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        Fingerprint f = new Fingerprint(10, 1L);
        store.save(WEB, new Checkpoint(1L, f, 10, "/p"));
        store.save(WEB, new Checkpoint(1L, f, 20, "/p"));
        assertThat(store.find(WEB, f).offset()).isEqualTo(20);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".ckpt")).hasSize(1);
        }
    }

    @Test
    void leftoverTempFromACrashDoesNotReplaceTheCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        Fingerprint f = new Fingerprint(10, 2L);
        store.save(WEB, new Checkpoint(1L, f, 10, "/p"));
        Path target = store.fileFor(WEB, f);
        // A crash between writing the temp file and renaming it leaves a torn temp behind.
        Files.writeString(target.resolveSibling(target.getFileName() + ".tmp"), "kelp-checkp");
        assertThat(store.find(WEB, f).offset()).isEqualTo(10);
        store.save(WEB, new Checkpoint(1L, f, 30, "/p"));
        assertThat(store.find(WEB, f).offset()).isEqualTo(30);
    }

    @Test
    void unreadableCheckpointCountsAsNoneSoItsFileIsReadAgainUnderTheSameIds() throws Exception {
        // A machine crash may leave a checkpoint torn (saves are synced per round, not per file).
        // Its file is then read from the start (with a warning); the record ids do not depend on
        // the checkpoint, so Elasticsearch keeps one document per line.
        CheckpointStore store = new CheckpointStore(dir);
        Fingerprint f = new Fingerprint(10, 3L);
        Files.writeString(store.fileFor(WEB, f), "garbage");
        assertThat(store.find(WEB, f)).isNull();
    }
}

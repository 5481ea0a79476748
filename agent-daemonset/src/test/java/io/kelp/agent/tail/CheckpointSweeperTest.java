package io.kelp.agent.tail;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.record.SourceFields;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointSweeperTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");

    @TempDir
    Path work;

    private CheckpointStore store() {
        return new CheckpointStore(work.resolve("state"));
    }

    /** Writes a log file and saves a checkpoint for its content, as a finished tail would have. */
    private Checkpoint shipped(CheckpointStore store, Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Fingerprint fingerprint;
        try (FileChannel channel = FileChannel.open(file)) {
            fingerprint = Fingerprint.of(channel);
        }
        Checkpoint checkpoint = new Checkpoint(7L, fingerprint, content.length(), file.toString());
        store.save(WEB, checkpoint);
        return checkpoint;
    }

    private static int stored(CheckpointStore store) throws IOException {
        return store.list().size();
    }

    @Test
    void checkpointOfAFileWhosePodDirectoryWasRemovedIsDeleted() throws Exception {
        CheckpointStore store = store();
        Path podDir = work.resolve("pods/shop_web-1_u1");
        Checkpoint gone = shipped(store, podDir.resolve("nginx/0.log"), "first line of a deleted pod\n");
        Checkpoint kept = shipped(store, work.resolve("pods/shop_web-2_u2/nginx/0.log"), "first line of a live pod\n");
        deleteTree(podDir);

        assertThat(new CheckpointSweeper(store).sweep(List.of())).isEqualTo(1);
        assertThat(store.find(WEB, gone.fingerprint())).isNull();
        assertThat(store.find(WEB, kept.fingerprint())).isEqualTo(kept);
    }

    @Test
    void rotatedContentKeepsItsCheckpointUntilTheRotatedFileIsCompressedAway() throws Exception {
        CheckpointStore store = store();
        Path live = work.resolve("pods/shop_web-1_u1/nginx/0.log");
        Checkpoint checkpoint = shipped(store, live, "line before rotation\n");
        Path rotated = live.resolveSibling("0.log.20240501-100000");
        Files.move(live, rotated);
        Files.writeString(live, "first line after rotation\n");
        CheckpointSweeper sweeper = new CheckpointSweeper(store);

        assertThat(sweeper.sweep(List.of())).isZero();
        assertThat(store.find(WEB, checkpoint.fingerprint())).isEqualTo(checkpoint);

        Files.move(rotated, rotated.resolveSibling(rotated.getFileName() + ".gz"));
        assertThat(sweeper.sweep(List.of())).isEqualTo(1);
        assertThat(stored(store)).isZero();
    }

    @Test
    void fileStillPresentButNoLongerTailedKeepsItsCheckpoint() throws Exception {
        CheckpointStore store = store();
        shipped(store, work.resolve("var/log/app.log"), "host file line\n");
        assertThat(new CheckpointSweeper(store).sweep(List.of())).isZero();
        assertThat(stored(store)).isEqualTo(1);
    }

    @Test
    void checkpointOfAnOpenTailIsKeptEvenWhenItsFileIsDeleted() throws Exception {
        CheckpointStore store = store();
        Path file = work.resolve("pods/shop_web-1_u1/nginx/0.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "2024-05-01T10:00:00Z stdout F deleted while read\n");
        TailSpec spec = new TailSpec(WEB, WEB.topic(), file, LogFormat.CRI, 1024, false, null, false);
        SourceFields fields = new SourceFields(WEB.toString(), file.toString(), "n", null, null, null, null, null,
                Map.of());
        CheckpointSweeper sweeper = new CheckpointSweeper(store);
        try (FileTail tail = new TailOpener("n", store, new AgentCounters()).open(spec, fields)) {
            store.save(WEB, new Checkpoint(tail.sourceId(), tail.fingerprint(), 0, file.toString()));
            deleteTree(file.getParent());

            assertThat(sweeper.sweep(List.of(tail))).as("records in flight may still need it").isZero();
            assertThat(stored(store)).isEqualTo(1);
            assertThat(sweeper.deleteIfGone(tail)).isTrue();
            assertThat(stored(store)).isZero();
        }
    }

    @Test
    void leftoverTempFilesAreDeletedAndOtherFilesLeftAlone() throws Exception {
        CheckpointStore store = store();
        Path dir = work.resolve("state");
        Files.writeString(dir.resolve("shop_web_00000000000000aa_10.ckpt.tmp"), "kelp-check");
        Files.writeString(dir.resolve("tasks.v1"), "{}");
        Files.writeString(dir.resolve("shop_web_00000000000000bb_10.ckpt"), "garbage");
        new CheckpointSweeper(store).sweep(List.of());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tasks.v1", "shop_web_00000000000000bb_10.ckpt");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

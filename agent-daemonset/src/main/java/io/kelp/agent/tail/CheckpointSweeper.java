package io.kelp.agent.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes the checkpoints of contents that are gone for good, so the checkpoint directory of a
 * node with pod churn does not grow forever.
 *
 * <p>A content is gone when no file in the directory it was last read in (the path in its
 * checkpoint, or a rotated sibling of it, {@code .gz} excepted) starts with its fingerprint:
 * kubelet removed the pod's directory, or rotation renamed, compressed and deleted it. A content
 * still present keeps its checkpoint even when nothing tails it (a rotated file, a task deleted for
 * now): reading it again must resume, not start over. Checkpoints of tails still open (active or
 * waiting for Kafka's last acknowledgements) are never touched, so a checkpoint is only deleted
 * after its final offset was acknowledged and saved. When presence cannot be decided (a directory
 * or file that cannot be read), the checkpoint stays.
 *
 * <p>Used by the tailing thread only, like the {@link CheckpointStore}.
 */
public final class CheckpointSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSweeper.class);

    private final CheckpointStore store;

    public CheckpointSweeper(CheckpointStore store) {
        this.store = store;
    }

    /**
     * Deletes every checkpoint whose content is gone and not held by one of {@code open}. Returns
     * how many were deleted.
     */
    public int sweep(Iterable<FileTail> open) {
        Set<Path> held = new HashSet<>();
        for (FileTail tail : open) {
            held.add(store.fileFor(tail.collection(), tail.fingerprint()));
        }
        List<CheckpointStore.Stored> all;
        try {
            store.deleteLeftoverTemps();
            all = store.list();
        } catch (IOException e) {
            LOG.warn("cannot list checkpoints to sweep: {}", e.toString());
            return 0;
        }
        Map<Path, Set<Fingerprint>> present = new HashMap<>();
        int deleted = 0;
        for (CheckpointStore.Stored stored : all) {
            if (!held.contains(stored.file()) && gone(stored.checkpoint(), present) && delete(stored)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Deletes the checkpoint of a tail that was just closed for good when its whole directory is
     * gone (the pod was deleted): one check per closed tail. A rotated or deleted file in a
     * directory that still exists waits for the periodic {@link #sweep}, which reads each directory
     * once: looking through the directory for every closed tail cost a rotation storm thousands of
     * file reads per second.
     */
    public boolean deleteIfGone(FileTail closed) {
        Path dir = closed.path().getParent();
        if (dir == null || Files.exists(dir)) {
            return false;
        }
        Path file = store.fileFor(closed.collection(), closed.fingerprint());
        Checkpoint checkpoint = new Checkpoint(closed.sourceId(), closed.fingerprint(), closed.committedOffset(),
                closed.path().toString());
        return Files.exists(file) && delete(new CheckpointStore.Stored(file, checkpoint));
    }

    private boolean delete(CheckpointStore.Stored stored) {
        try {
            store.delete(stored);
            LOG.info("deleted the checkpoint of {} (offset {}): the file is gone", stored.checkpoint().path(),
                    stored.checkpoint().offset());
            return true;
        } catch (IOException e) {
            LOG.warn("cannot delete checkpoint {}: {}", stored.file(), e.toString());
            return false;
        }
    }

    private static boolean gone(Checkpoint checkpoint, Map<Path, Set<Fingerprint>> present) {
        Path dir = Path.of(checkpoint.path()).getParent();
        if (dir == null) {
            return false;
        }
        Set<Fingerprint> fingerprints = present.computeIfAbsent(dir, CheckpointSweeper::fingerprintsIn);
        return fingerprints != null && !fingerprints.contains(checkpoint.fingerprint());
    }

    /**
     * The fingerprints of the files in {@code dir} the agent could read again (not {@code .gz}):
     * empty when the directory is gone, null when it cannot be told.
     */
    private static Set<Fingerprint> fingerprintsIn(Path dir) {
        Set<Fingerprint> found = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (file.getFileName().toString().endsWith(".gz") || !Files.isRegularFile(file)) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    Fingerprint fingerprint = Fingerprint.of(channel);
                    if (fingerprint != null) {
                        found.add(fingerprint);
                    }
                } catch (IOException e) {
                    // Deleted since the listing, or unreadable: the agent could not tail it either.
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return found;
        } catch (IOException e) {
            return null;
        }
        return found;
    }
}

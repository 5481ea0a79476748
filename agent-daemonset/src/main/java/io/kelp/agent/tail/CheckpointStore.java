package io.kelp.agent.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One small file per (collection, file content) under the checkpoint directory, named by the
 * collection and the content's fingerprint so a renamed (rotated) file finds its checkpoint again.
 *
 * <p>Writes are atomic: write a temp file, rename it over the old one; an agent crash at any
 * point leaves either the old or the new checkpoint. They are made durable once per checkpoint
 * round ({@link #sync}), not per file: two fsyncs per file stalled the tailing thread for seconds
 * per round when a rotation storm had thousands of files to checkpoint. A machine crash can lose
 * the last round, or leave a checkpoint unreadable: its file is then read again from the start,
 * under the same record ids, so Elasticsearch still keeps one document per line. Called from the
 * tailing thread only.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private static final String VERSION = "kelp-checkpoint-v1";
    private static final String SUFFIX = ".ckpt";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
        }
    }

    /**
     * The checkpoint of this content, or null when there is none or it cannot be read (torn by a
     * machine crash): the content is then read from its start again, under the same record ids.
     */
    public Checkpoint find(CollectionRef collection, Fingerprint fingerprint) {
        Path file = fileFor(collection, fingerprint);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            Checkpoint checkpoint = read(file);
            return checkpoint.fingerprint().equals(fingerprint) ? checkpoint : null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("checkpoint {} cannot be read, its file is read again from the start (same record ids, "
                    + "so no duplicate documents): {}", file, e.toString());
            return null;
        }
    }

    /** A checkpoint as stored, with the file holding it. */
    public record Stored(Path file, Checkpoint checkpoint) {
    }

    /**
     * Every checkpoint in the directory. A file that cannot be read as one is left out (and left
     * alone: {@link #find} reports it when its content is opened).
     */
    public List<Stored> list() throws IOException {
        List<Stored> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    all.add(new Stored(file, read(file)));
                } catch (IOException | RuntimeException e) {
                    // Unreadable or deleted meanwhile: not ours to judge here.
                }
            }
        }
        return all;
    }

    /**
     * Deletes temp files a crash left between writing and renaming. Safe whenever no save runs
     * concurrently, which holds on the tailing thread (the only writer).
     */
    public void deleteLeftoverTemps() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX + ".tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Deletes a stored checkpoint (its content is gone for good). */
    public void delete(Stored stored) throws IOException {
        // Not synced: a deletion lost in a machine crash is repeated by the next sweep.
        Files.deleteIfExists(stored.file());
    }

    private Checkpoint read(Path file) throws IOException {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 6 || !VERSION.equals(lines[0])) {
            throw new IOException("checkpoint " + file + " is not a " + VERSION + " file");
        }
        try {
            Fingerprint stored = new Fingerprint(Integer.parseInt(lines[2]), Long.parseUnsignedLong(lines[3], 16));
            return new Checkpoint(Long.parseUnsignedLong(lines[1], 16), stored, Long.parseLong(lines[4]), lines[5]);
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint " + file + " is not a " + VERSION + " file", e);
        }
    }

    public void save(CollectionRef collection, Checkpoint checkpoint) throws IOException {
        Path target = fileFor(collection, checkpoint.fingerprint());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        String text = VERSION + "\n" + Long.toHexString(checkpoint.sourceId()) + "\n"
                + checkpoint.fingerprint().length() + "\n" + Long.toHexString(checkpoint.fingerprint().hash()) + "\n"
                + checkpoint.offset() + "\n" + checkpoint.path() + "\n";
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("checkpoint directory " + dir + " does not support atomic rename", e);
        }
    }

    /**
     * Makes the saves so far durable: one fsync of the directory commits their renames (ext4, the
     * usual node filesystem, writes a renamed file's data before committing the rename).
     */
    public void sync() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the renames are still atomic.
        }
    }

    Path fileFor(CollectionRef collection, Fingerprint fingerprint) {
        // Namespace and name are DNS labels (no '_'), so this name splits back unambiguously.
        return dir.resolve(collection.namespace() + "_" + collection.name() + "_" + fingerprint.hex() + "_"
                + fingerprint.length() + SUFFIX);
    }
}

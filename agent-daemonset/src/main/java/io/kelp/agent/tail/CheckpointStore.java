package io.kelp.agent.tail;

import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One small file per (collection, file content) under the checkpoint directory, named by the
 * collection and the content's fingerprint so a renamed (rotated) file finds its checkpoint again.
 *
 * <p>Writes are atomic and durable: write a temp file, fsync it, rename it over the old one, fsync
 * the directory. A crash at any point leaves either the old or the new checkpoint, never a torn
 * one. Called from the tailing thread only.
 */
public final class CheckpointStore {

    private static final String VERSION = "kelp-checkpoint-v1";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
        }
    }

    public Checkpoint find(CollectionRef collection, Fingerprint fingerprint) throws IOException {
        Path file = fileFor(collection, fingerprint);
        if (!Files.exists(file)) {
            return null;
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 6 || !VERSION.equals(lines[0])) {
            throw new IOException("checkpoint " + file + " is not a " + VERSION + " file");
        }
        Fingerprint stored = new Fingerprint(Integer.parseInt(lines[2]), Long.parseUnsignedLong(lines[3], 16));
        if (!stored.equals(fingerprint)) {
            return null;
        }
        return new Checkpoint(Long.parseUnsignedLong(lines[1], 16), stored, Long.parseLong(lines[4]), lines[5]);
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
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("checkpoint directory " + dir + " does not support atomic rename", e);
        }
        syncDirectory();
    }

    public void delete(CollectionRef collection, Fingerprint fingerprint) throws IOException {
        Files.deleteIfExists(fileFor(collection, fingerprint));
        syncDirectory();
    }

    Path fileFor(CollectionRef collection, Fingerprint fingerprint) {
        // Namespace and name are DNS labels (no '_'), so this name splits back unambiguously.
        return dir.resolve(collection.namespace() + "_" + collection.name() + "_" + fingerprint.hex() + "_"
                + fingerprint.length() + ".ckpt");
    }

    private void syncDirectory() throws IOException {
        // Makes the rename itself durable; Linux allows fsync on a directory opened read-only.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the rename is still atomic.
        }
    }
}

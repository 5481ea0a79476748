package io.kelp.agent.tail;

import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Since when this node's agent has tailed each collection, kept in the checkpoint directory so it
 * survives restarts ({@code <namespace>_<name>.since}, epoch millis, written once).
 *
 * <p>It tells a rotated file without a checkpoint that must still be read from history: one that
 * changed after this time may hold lines no run of the agent shipped (created and rotated while
 * the agent was down, or rotated before its first checkpoint), while an older one predates the
 * collection on this node. The start of the current process would not do: after a restart every
 * file rotated during the downtime would look like history and be skipped. Used by the tailing
 * thread only.
 */
public final class TailingSince {

    private final Path dir;
    private final long startedMillis;
    private final Map<CollectionRef, Long> known = new HashMap<>();

    /** Persisted in {@code dir} (the checkpoint directory). */
    public TailingSince(Path dir, long startedMillis) {
        this.dir = dir;
        this.startedMillis = startedMillis;
    }

    /** Not persisted: every collection is tailed since {@code startedMillis} (benchmarks, tests). */
    public static TailingSince inMemory(long startedMillis) {
        return new TailingSince(null, startedMillis);
    }

    public long of(CollectionRef collection) {
        return known.computeIfAbsent(collection, this::readOrRecord);
    }

    private long readOrRecord(CollectionRef collection) {
        if (dir == null) {
            return startedMillis;
        }
        // Namespace and name are DNS labels (no '_'), as in the checkpoint file names.
        Path file = dir.resolve(collection.namespace() + "_" + collection.name() + ".since");
        try {
            if (Files.exists(file)) {
                return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(dir);
            Files.writeString(temp, startedMillis + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return startedMillis;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("cannot read or record " + file,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}

package io.kelp.agent.tail;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.record.SourceFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;

/**
 * Opens a file for tailing: takes its fingerprint, finds its checkpoint (by content, so a renamed
 * file resumes too) or starts a new source at offset 0, and positions the tail there.
 */
public final class TailOpener {

    private static final Logger LOG = LoggerFactory.getLogger(TailOpener.class);

    private final String nodeName;
    private final CheckpointStore checkpoints;
    private final AgentCounters counters;
    private final TailingSince since;

    /** Tailing since this process started, not persisted (benchmarks). */
    public TailOpener(String nodeName, CheckpointStore checkpoints, AgentCounters counters) {
        this(nodeName, checkpoints, TailingSince.inMemory(System.currentTimeMillis()), counters);
    }

    public TailOpener(String nodeName, CheckpointStore checkpoints, TailingSince since, AgentCounters counters) {
        this.nodeName = nodeName;
        this.checkpoints = checkpoints;
        this.since = since;
        this.counters = counters;
    }

    /**
     * A rotated file is read when it holds content not shipped yet: an unfinished file of this or a
     * previous run, or one written and rotated since the collection is tailed here, before any run
     * saw it (fast rotation, or rotation while the agent was down). Rotated files that predate the
     * collection on this node and were never tailed are history, not read.
     */
    private static boolean worthFinishing(Checkpoint start, FileChannel channel, TailSpec spec, long tailedSince)
            throws IOException {
        if (start != null) {
            return start.offset() < channel.size();
        }
        return Files.getLastModifiedTime(spec.path()).toMillis() >= tailedSince;
    }

    /** The tail, or null when the file has no fingerprint yet (first line incomplete) or vanished. */
    public FileTail open(TailSpec spec, SourceFields fields) throws IOException {
        // Recorded on the first file of the collection, before anything of it can be shipped.
        long tailedSince = since.of(spec.collection());
        FileChannel channel;
        Object fileKey;
        try {
            // stat, open, stat: if the path named the same file before and after, the channel is
            // that file, and the key tells later whether the path was rotated to another file.
            fileKey = Files.readAttributes(spec.path(), BasicFileAttributes.class).fileKey();
            channel = FileChannel.open(spec.path(), StandardOpenOption.READ);
            Object after = Files.readAttributes(spec.path(), BasicFileAttributes.class).fileKey();
            if (fileKey != null && !fileKey.equals(after)) {
                channel.close();
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            Fingerprint fingerprint = Fingerprint.of(channel);
            if (fingerprint == null) {
                channel.close();
                return null;
            }
            Checkpoint start = checkpoints.find(spec.collection(), fingerprint);
            if (spec.rotated() && !worthFinishing(start, channel, spec, tailedSince)) {
                channel.close();
                return null;
            }
            if (start == null) {
                // A rotated file without checkpoint is named by its live path: a previous run may have
                // shipped its first lines from there before a checkpoint was written (killed right
                // after), and re-read lines must keep their ids.
                Path firstSeen = spec.rotated() ? RotatedNames.livePath(spec.path()) : spec.path();
                start = new Checkpoint(SourceIds.of(nodeName, firstSeen.toString(), fingerprint), fingerprint, 0,
                        spec.path().toString());
            } else if (start.offset() > channel.size()) {
                // Same first line but shorter than our checkpoint: truncated and rewritten with the
                // same first line. The lines are new, so they get a new source id derived from the old.
                LOG.warn("{} is shorter than its checkpoint ({} > {}), reading it from the start", spec.path(),
                        start.offset(), channel.size());
                counters.truncations.increment();
                long renewed = new Hash64().add(start.sourceId()).add(start.offset()).value();
                start = new Checkpoint(renewed, fingerprint, 0, spec.path().toString());
            }
            counters.filesOpened.increment();
            return new FileTail(spec, channel, fileKey, start, fields, counters);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}

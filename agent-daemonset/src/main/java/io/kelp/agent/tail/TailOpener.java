package io.kelp.agent.tail;

import io.kelp.agent.AgentCounters;
import io.kelp.agent.record.SourceFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    private final long startedMillis = System.currentTimeMillis();

    public TailOpener(String nodeName, CheckpointStore checkpoints, AgentCounters counters) {
        this.nodeName = nodeName;
        this.checkpoints = checkpoints;
        this.counters = counters;
    }

    /**
     * A rotated file is read when it holds content not shipped yet: a previous run's unfinished
     * file, or one written and rotated since this agent started, before it was first seen (fast
     * rotation). Rotated files that predate the agent and were never tailed are history, not read.
     */
    private boolean worthFinishing(Checkpoint start, FileChannel channel, TailSpec spec) throws IOException {
        if (start != null) {
            return start.offset() < channel.size();
        }
        return Files.getLastModifiedTime(spec.path()).toMillis() >= startedMillis;
    }

    /** The tail, or null when the file has no fingerprint yet (first line incomplete) or vanished. */
    public FileTail open(TailSpec spec, SourceFields fields) throws IOException {
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
            if (spec.rotated() && !worthFinishing(start, channel, spec)) {
                channel.close();
                return null;
            }
            if (start == null) {
                start = new Checkpoint(SourceIds.of(nodeName, spec.path().toString(), fingerprint), fingerprint, 0,
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

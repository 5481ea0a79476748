package io.kelp.agent;

import java.nio.file.Path;
import java.util.Map;

/**
 * The agent's settings as one immutable value, built by the wiring layer from configuration.
 *
 * @param nodeName               this node's name (downward API), written to every record
 * @param hostName               {@code host.name} of every record
 * @param podLogRoot             where the kubelet writes container logs ({@code /var/log/pods})
 * @param checkpointDir          where checkpoints live; must survive agent restarts
 * @param scanIntervalMillis     how often the pod log root is listed for new files
 * @param checkpointIntervalMillis how often acknowledged progress is written to disk
 * @param maxLineBytes           longer lines (and assembled messages) are truncated and flagged
 * @param readBudgetBytes        bytes read from one file before the next file gets its turn
 * @param hostLabels             labels of this host, matched against tasks' host labels (VMs, node roles)
 * @param checkpointSweepMillis  how often checkpoints of contents gone from disk are deleted
 * @param maxOpenFiles           files tailed at once at most; files found beyond it wait on disk
 *                               for a later scan (a rotation storm must not exhaust the process's
 *                               descriptors, which checkpoints and Kafka connections need too)
 */
public record AgentSettings(String nodeName, String hostName, Path podLogRoot, Path checkpointDir,
                            long scanIntervalMillis, long checkpointIntervalMillis, int maxLineBytes,
                            int readBudgetBytes, Map<String, String> hostLabels, long checkpointSweepMillis,
                            int maxOpenFiles) {

    /** A minute: a sweep lists the checkpoint directory and fingerprints the files of their directories. */
    public static final long DEFAULT_CHECKPOINT_SWEEP_MILLIS = 60_000;
    /** Well under the usual container limit (1,048,576) and this build machine's (20,000). */
    public static final int DEFAULT_MAX_OPEN_FILES = 8_192;

    public AgentSettings {
        hostLabels = hostLabels == null ? Map.of() : Map.copyOf(hostLabels);
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("kelp.agent.max-open-files must be at least 1, got " + maxOpenFiles);
        }
    }

    public AgentSettings(String nodeName, String hostName, Path podLogRoot, Path checkpointDir,
                         long scanIntervalMillis, long checkpointIntervalMillis, int maxLineBytes,
                         int readBudgetBytes, Map<String, String> hostLabels, long checkpointSweepMillis) {
        this(nodeName, hostName, podLogRoot, checkpointDir, scanIntervalMillis, checkpointIntervalMillis, maxLineBytes,
                readBudgetBytes, hostLabels, checkpointSweepMillis, DEFAULT_MAX_OPEN_FILES);
    }

    public AgentSettings(String nodeName, String hostName, Path podLogRoot, Path checkpointDir,
                         long scanIntervalMillis, long checkpointIntervalMillis, int maxLineBytes,
                         int readBudgetBytes, Map<String, String> hostLabels) {
        this(nodeName, hostName, podLogRoot, checkpointDir, scanIntervalMillis, checkpointIntervalMillis, maxLineBytes,
                readBudgetBytes, hostLabels, DEFAULT_CHECKPOINT_SWEEP_MILLIS, DEFAULT_MAX_OPEN_FILES);
    }

    /** The same settings with another open-file budget. */
    public AgentSettings withMaxOpenFiles(int files) {
        return new AgentSettings(nodeName, hostName, podLogRoot, checkpointDir, scanIntervalMillis,
                checkpointIntervalMillis, maxLineBytes, readBudgetBytes, hostLabels, checkpointSweepMillis, files);
    }

    public static AgentSettings defaults(String nodeName, Path podLogRoot, Path checkpointDir) {
        return new AgentSettings(nodeName, nodeName, podLogRoot, checkpointDir, 250, 1_000, 256 * 1024, 512 * 1024,
                Map.of());
    }
}

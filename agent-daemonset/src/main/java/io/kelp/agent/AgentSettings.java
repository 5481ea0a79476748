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
 */
public record AgentSettings(String nodeName, String hostName, Path podLogRoot, Path checkpointDir,
                            long scanIntervalMillis, long checkpointIntervalMillis, int maxLineBytes,
                            int readBudgetBytes, Map<String, String> hostLabels, long checkpointSweepMillis) {

    /** A minute: a sweep lists the checkpoint directory and fingerprints the files of their directories. */
    public static final long DEFAULT_CHECKPOINT_SWEEP_MILLIS = 60_000;

    public AgentSettings {
        hostLabels = hostLabels == null ? Map.of() : Map.copyOf(hostLabels);
    }

    public AgentSettings(String nodeName, String hostName, Path podLogRoot, Path checkpointDir,
                         long scanIntervalMillis, long checkpointIntervalMillis, int maxLineBytes,
                         int readBudgetBytes, Map<String, String> hostLabels) {
        this(nodeName, hostName, podLogRoot, checkpointDir, scanIntervalMillis, checkpointIntervalMillis, maxLineBytes,
                readBudgetBytes, hostLabels, DEFAULT_CHECKPOINT_SWEEP_MILLIS);
    }

    public static AgentSettings defaults(String nodeName, Path podLogRoot, Path checkpointDir) {
        return new AgentSettings(nodeName, nodeName, podLogRoot, checkpointDir, 250, 1_000, 256 * 1024, 512 * 1024,
                Map.of());
    }
}

package io.kelp.agent.discovery;

import io.kelp.agent.record.SourceFields;
import io.kelp.agent.tail.TailKey;
import io.kelp.agent.tail.TailSpec;
import io.kelp.agent.task.AgentTask;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.LogFormat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which files each task wants. Container logs: namespace, pod labels (from the API; a pod
 * the API does not know yet has no labels and is matched again at the next scan) and container
 * name. Host files: the task's host path globs, when this host carries the task's host labels;
 * they are read as plain text.
 */
public final class TaskMatcher {

    /** A file wanted by a collection, with the fields its records carry. */
    public record Match(TailSpec spec, SourceFields fields) {
    }

    private final PodDirectory pods;
    private final String nodeName;
    private final String hostName;
    private final Map<String, String> hostLabels;
    private final int maxLineBytes;

    public TaskMatcher(PodDirectory pods, String nodeName, String hostName, Map<String, String> hostLabels,
                       int maxLineBytes) {
        this.pods = pods;
        this.nodeName = nodeName;
        this.hostName = hostName;
        this.hostLabels = Map.copyOf(hostLabels);
        this.maxLineBytes = maxLineBytes;
    }

    public Map<TailKey, Match> matchPodLogs(List<PodLogFile> files, Collection<AgentTask> tasks) {
        Map<TailKey, Match> wanted = new HashMap<>();
        for (PodLogFile file : files) {
            Map<String, String> labels = null;
            boolean looked = false;
            for (AgentTask agentTask : tasks) {
                CollectionTask task = agentTask.task();
                if (!task.source().namespaces().contains(file.namespace())) {
                    continue;
                }
                if (!looked) {
                    labels = pods.labels(file.namespace(), file.pod(), file.uid());
                    looked = true;
                }
                Map<String, String> effective = labels == null ? Map.of() : labels;
                if (task.source().selects(file.namespace(), effective, file.container())) {
                    TailSpec spec = new TailSpec(task.collection(), task.sink().topic(), file.path(),
                            task.parse().format(), maxLineBytes, file.rotated(), agentTask.multiline(),
                            task.parse().jsonFields());
                    SourceFields fields = new SourceFields(task.collection().toString(), file.path().toString(),
                            hostName, file.namespace(), file.pod(), file.uid(), file.container(), nodeName, effective);
                    wanted.put(new TailKey(task.collection(), file.path()), new Match(spec, fields));
                }
            }
        }
        return wanted;
    }

    /** Adds the host files tasks want to {@code wanted}; every file found is added to {@code present}. */
    public void matchHostFiles(Collection<AgentTask> tasks, Map<TailKey, Match> wanted, Set<Path> present) {
        for (AgentTask agentTask : tasks) {
            CollectionTask task = agentTask.task();
            if (!task.source().selectsHost(hostLabels)) {
                continue;
            }
            for (String glob : task.source().hostPaths()) {
                for (Path path : HostFileScanner.expand(glob)) {
                    present.add(path);
                    TailSpec spec = new TailSpec(task.collection(), task.sink().topic(), path, LogFormat.PLAIN,
                            maxLineBytes, false, agentTask.multiline(), task.parse().jsonFields());
                    SourceFields fields = new SourceFields(task.collection().toString(), path.toString(), hostName,
                            null, null, null, null, null, Map.of());
                    wanted.put(new TailKey(task.collection(), path), new Match(spec, fields));
                }
            }
        }
    }
}

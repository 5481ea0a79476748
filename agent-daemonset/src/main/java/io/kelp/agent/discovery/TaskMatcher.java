package io.kelp.agent.discovery;

import io.kelp.agent.record.SourceFields;
import io.kelp.agent.tail.TailKey;
import io.kelp.agent.tail.TailSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which files each task wants: namespace, pod labels (from the API; a pod the API does not
 * know yet has no labels, and is matched again on the next scan) and container name.
 */
public final class TaskMatcher {

    /** A file wanted by a collection, with the fields its records carry. */
    public record Match(TailSpec spec, SourceFields fields) {
    }

    private final PodDirectory pods;
    private final String nodeName;
    private final String hostName;
    private final int maxLineBytes;

    public TaskMatcher(PodDirectory pods, String nodeName, String hostName, int maxLineBytes) {
        this.pods = pods;
        this.nodeName = nodeName;
        this.hostName = hostName;
        this.maxLineBytes = maxLineBytes;
    }

    public Map<TailKey, Match> match(List<PodLogFile> files, Map<CollectionRef, CollectionTask> tasks) {
        Map<TailKey, Match> wanted = new HashMap<>();
        for (PodLogFile file : files) {
            Map<String, String> labels = null;
            boolean looked = false;
            for (CollectionTask task : tasks.values()) {
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
                            task.parse().format(), maxLineBytes, file.rotated());
                    wanted.put(new TailKey(task.collection(), file.path()), new Match(spec, fields(task, file, effective)));
                }
            }
        }
        return wanted;
    }

    private SourceFields fields(CollectionTask task, PodLogFile file, Map<String, String> labels) {
        return new SourceFields(task.collection().toString(), file.path().toString(), hostName, file.namespace(),
                file.pod(), file.uid(), file.container(), nodeName, labels);
    }
}

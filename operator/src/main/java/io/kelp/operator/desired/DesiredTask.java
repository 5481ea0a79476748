package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionSpec;
import io.kelp.api.v1alpha1.ParseSpec;
import io.kelp.api.v1alpha1.PodSelection;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.LogFormat;

import java.util.List;
import java.util.Map;

/** Derives the etcd task of a collection: what agents collect and where records go. */
public final class DesiredTask {

    private DesiredTask() {
    }

    public static CollectionTask of(CollectionRef ref, LogCollection collection) {
        LogCollectionSpec spec = SpecDefaults.spec(collection);
        PodSelection selector = spec.getSelector() == null ? new PodSelection() : spec.getSelector();
        // A namespaced collection only ever sees pods of its own namespace: tenancy is enforced
        // here, not left to the agents.
        CollectionTask.Source source = CollectionTask.Source.of(
                List.of(ref.namespace()),
                selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
                selector.getContainers() == null ? List.of() : selector.getContainers());
        Long generation = collection.getMetadata().getGeneration();
        return new CollectionTask(ref, generation == null ? 0 : generation, source,
                new CollectionTask.Parse(formatOf(spec.getParse())), CollectionTask.Sink.of(ref));
    }

    static LogFormat formatOf(ParseSpec parse) {
        if (parse == null || parse.getFormat() == null) {
            return LogFormat.CRI;
        }
        return switch (parse.getFormat()) {
            case cri -> LogFormat.CRI;
            case docker_json -> LogFormat.DOCKER_JSON;
            case plain -> LogFormat.PLAIN;
        };
    }
}

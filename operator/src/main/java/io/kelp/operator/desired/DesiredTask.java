package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ClusterLogCollectionSpec;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.CollectionSpec;
import io.kelp.api.v1alpha1.MultilineSpec;
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

    public static CollectionTask of(CollectionRef ref, CollectionResource collection) {
        CollectionSpec spec = SpecDefaults.spec(collection);
        Long generation = collection.getMetadata().getGeneration();
        return new CollectionTask(ref, generation == null ? 0 : generation, sourceOf(ref, spec),
                parseOf(spec.getParse()), CollectionTask.Sink.of(ref));
    }

    /**
     * Tenancy is enforced here, not left to the agents: a namespaced collection only ever selects
     * pods of its own namespace and never host files, whatever its spec holds; only a
     * cluster-scoped collection names namespaces and host paths.
     */
    static CollectionTask.Source sourceOf(CollectionRef ref, CollectionSpec spec) {
        PodSelection selector = spec.getSelector() == null ? new PodSelection() : spec.getSelector();
        Map<String, String> matchLabels = orEmpty(selector.getMatchLabels());
        List<String> containers = orEmpty(selector.getContainers());
        if (ref.clusterScoped() && spec instanceof ClusterLogCollectionSpec cluster) {
            return new CollectionTask.Source(orEmpty(cluster.getNamespaces()), matchLabels, containers,
                    orEmpty(cluster.getHostPaths()), orEmpty(cluster.getHostLabels()));
        }
        return CollectionTask.Source.of(List.of(ref.namespace()), matchLabels, containers);
    }

    static CollectionTask.Parse parseOf(ParseSpec parse) {
        if (parse == null) {
            return CollectionTask.Parse.DEFAULT;
        }
        MultilineSpec multiline = parse.getMultiline();
        return new CollectionTask.Parse(formatOf(parse),
                multiline == null ? null : new CollectionTask.Multiline(multiline.getStartPattern(), multiline.getMaxWaitMillis()),
                Boolean.TRUE.equals(parse.getJsonFields()));
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

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}

package io.kelp.operator.transfer;

import io.kelp.contract.CollectionRef;

import java.util.Map;

/**
 * Where a collection's transfer Deployment (and its credentials Secret) lives and how it is named.
 * A LogCollection's lives in the collection's namespace as {@code kelp-transfer-<name>}. A
 * ClusterLogCollection has no namespace: its transfer lives in {@code clusterNamespace} (the
 * operator's own) as {@code kelp-cluster-transfer-<name>}, which no namespaced collection's name can
 * produce, and its pods are selected by another label key, so the selectors of the two kinds never
 * overlap even when both have a collection of the same name there.
 */
public record TransferPlacement(String clusterNamespace) {

    public static final String COLLECTION_LABEL = "kelp.io/collection";
    public static final String CLUSTER_COLLECTION_LABEL = "kelp.io/cluster-collection";

    public String namespace(CollectionRef ref) {
        return ref.clusterScoped() ? clusterNamespace : ref.namespace();
    }

    public static String name(CollectionRef ref) {
        return (ref.clusterScoped() ? "kelp-cluster-transfer-" : "kelp-transfer-") + ref.name();
    }

    /** The label that selects the collection's transfer pods (the selector adds the app name). */
    static Map<String, String> collectionLabel(CollectionRef ref) {
        return Map.of(ref.clusterScoped() ? CLUSTER_COLLECTION_LABEL : COLLECTION_LABEL, ref.name());
    }
}

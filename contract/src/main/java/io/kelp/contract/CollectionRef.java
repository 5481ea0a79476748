package io.kelp.contract;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one LogCollection or ClusterLogCollection and derives every name Kelp gives its parts.
 *
 * <p>The names must be unambiguous: a Kubernetes namespace is a DNS-1123 label (no dots, no
 * underscores) and a collection name is a DNS-1123 label too (enforced by the CRD), so
 * {@code kelp.<ns>.<name>} and {@code kelp-<ns>_<name>_<day>} can always be split back, and the
 * index pattern of collection {@code web} never matches the indices of collection {@code web-api}.
 *
 * <p>A cluster-scoped collection has no namespace; it takes the pseudo namespace
 * {@value #CLUSTER_NAMESPACE}. A real namespace can never be called that (a DNS-1123 label cannot
 * contain {@code _}), so no name of a cluster collection equals or is matched by a name of a
 * namespaced one. {@code _} is legal inside Kafka topic names and inside (not at the start of)
 * Elasticsearch index and template names, and every derived name starts with {@code kelp}.
 */
public record CollectionRef(String namespace, String name) {

    /** The namespace part of every cluster-scoped collection's ref. */
    public static final String CLUSTER_NAMESPACE = "_cluster";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public CollectionRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (!CLUSTER_NAMESPACE.equals(namespace) && !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS-1123 label");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name '" + name + "' is not a DNS-1123 label");
        }
    }

    /** The ref of the ClusterLogCollection called {@code name}. */
    public static CollectionRef cluster(String name) {
        return new CollectionRef(CLUSTER_NAMESPACE, name);
    }

    /** Whether this is a cluster-scoped collection (which may select several namespaces and host files). */
    public boolean clusterScoped() {
        return CLUSTER_NAMESPACE.equals(namespace);
    }

    /** Parses {@code namespace/name}. */
    public static CollectionRef parse(String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        if (slash <= 0 || slash != qualifiedName.lastIndexOf('/')) {
            throw new IllegalArgumentException("expected <namespace>/<name>, got '" + qualifiedName + "'");
        }
        return new CollectionRef(qualifiedName.substring(0, slash), qualifiedName.substring(slash + 1));
    }

    /** The Kafka topic the agents produce to and the transfer consumes. */
    public String topic() {
        return "kelp." + namespace + "." + name;
    }

    /** Where the transfer puts documents Elasticsearch refused (same record, error in headers). */
    public String deadLetterTopic() {
        return topic() + ".dlq";
    }

    /** The consumer group of this collection's transfer pods: one group per collection. */
    public String consumerGroup() {
        return "kelp-transfer." + namespace + "." + name;
    }

    /** Every index of this collection starts with this; a daily suffix follows. */
    public String indexPrefix() {
        return "kelp-" + namespace + "_" + name + "_";
    }

    /** The pattern the collection's composable index template applies to. */
    public String indexPattern() {
        return indexPrefix() + "*";
    }

    /** The daily index for documents whose event time falls on {@code day} (UTC). */
    public String indexFor(LocalDate day) {
        return indexPrefix() + IndexDay.format(day);
    }

    /** The name of the composable index template for this collection. */
    public String indexTemplateName() {
        return "kelp-" + namespace + "_" + name;
    }

    /** The etcd key under which the operator publishes this collection's task. */
    public String taskKey() {
        return TaskKeys.PREFIX + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

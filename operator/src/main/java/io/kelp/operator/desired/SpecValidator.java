package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ElasticsearchSpec;
import io.kelp.api.v1alpha1.KafkaSpec;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionSpec;
import io.kelp.api.v1alpha1.PodSelection;
import io.kelp.contract.CollectionRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a LogCollection against the rules the operator relies on, naming the field and the rule
 * for every problem. The CRD schema enforces most of these at admission; they are checked again
 * here because a schema can be bypassed (an older CRD, the mock API in tests) and a bad value
 * must become a condition, never an exception deep inside an adapter.
 */
public final class SpecValidator {

    /** A Kubernetes label value or the name part of a label key. */
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private SpecValidator() {
    }

    /** Every problem with the collection, each as {@code field: what is wrong}; empty when valid. */
    public static List<String> problems(LogCollection collection) {
        List<String> problems = new ArrayList<>();
        try {
            new CollectionRef(collection.getMetadata().getNamespace(), collection.getMetadata().getName());
        } catch (IllegalArgumentException e) {
            problems.add("metadata.name: " + e.getMessage()
                    + " (topic and index names are derived from it and must split back unambiguously)");
        }
        LogCollectionSpec spec = SpecDefaults.spec(collection);
        checkSelector(spec.getSelector(), problems);
        checkKafka(spec.getKafka(), problems);
        checkElasticsearch(spec.getElasticsearch(), problems);
        return problems;
    }

    private static void checkSelector(PodSelection selector, List<String> problems) {
        if (selector == null) {
            return;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
                String key = label.getKey();
                String name = key.substring(key.indexOf('/') + 1);
                if (name.isEmpty() || !LABEL_NAME.matcher(name).matches()) {
                    problems.add("spec.selector.matchLabels: '" + key + "' is not a valid label key");
                }
                if (label.getValue() == null || !LABEL_NAME.matcher(label.getValue()).matches()) {
                    problems.add("spec.selector.matchLabels." + key + ": '" + label.getValue()
                            + "' is not a valid label value (at most 63 characters: letters, digits, '-', '_', '.')");
                }
            }
        }
        if (selector.getContainers() != null) {
            for (String container : selector.getContainers()) {
                if (container == null || !DNS_LABEL.matcher(container).matches()) {
                    problems.add("spec.selector.containers: '" + container + "' is not a valid container name (DNS-1123 label)");
                }
            }
        }
    }

    private static void checkKafka(KafkaSpec kafka, List<String> problems) {
        if (kafka == null) {
            return;
        }
        range("spec.kafka.partitions", kafka.getPartitions(), 1, 1000, problems);
        range("spec.kafka.replicationFactor", kafka.getReplicationFactor(), 1, 10, problems);
    }

    private static void checkElasticsearch(ElasticsearchSpec es, List<String> problems) {
        if (es == null) {
            return;
        }
        range("spec.elasticsearch.shards", es.getShards(), 1, 64, problems);
        range("spec.elasticsearch.replicas", es.getReplicas(), 0, 5, problems);
    }

    private static void range(String field, Integer value, int min, int max, List<String> problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}

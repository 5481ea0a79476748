package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ElasticsearchSpec;
import io.kelp.api.v1alpha1.KafkaSpec;
import io.kelp.api.v1alpha1.ClusterLogCollectionSpec;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.CollectionSpec;
import io.kelp.api.v1alpha1.PodSelection;
import io.kelp.api.v1alpha1.TransferSpec;
import io.kelp.contract.CollectionTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_@-]+(\\.[A-Za-z0-9_@-]+)*");
    private static final java.util.Set<String> COMPRESSIONS =
            java.util.Set.of("producer", "gzip", "snappy", "lz4", "zstd", "uncompressed");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private SpecValidator() {
    }

    /** Every problem with the collection, each as {@code field: what is wrong}; empty when valid. */
    public static List<String> problems(CollectionResource collection) {
        List<String> problems = new ArrayList<>();
        try {
            DesiredState.refOf(collection);
        } catch (IllegalArgumentException e) {
            problems.add("metadata.name: " + e.getMessage()
                    + " (topic and index names are derived from it and must split back unambiguously)");
        }
        CollectionSpec spec = SpecDefaults.spec(collection);
        checkSelector(spec.getSelector(), problems);
        checkParse(spec, problems);
        if (spec instanceof ClusterLogCollectionSpec cluster) {
            ClusterSelection.check(cluster, problems);
        }
        checkKafka(spec.getKafka(), problems);
        checkElasticsearch(spec.getElasticsearch(), problems);
        checkTransfer(spec.getTransfer(), problems);
        return problems;
    }

    /** Validated as the agents will: the contract compiles the pattern with the agents' regex engine. */
    private static void checkParse(CollectionSpec spec, List<String> problems) {
        if (spec.getParse() == null || spec.getParse().getMultiline() == null) {
            return;
        }
        Long maxWait = spec.getParse().getMultiline().getMaxWaitMillis();
        if (maxWait != null && (maxWait < 1 || maxWait > 60_000)) {
            problems.add("spec.parse.multiline.maxWaitMillis: must be between 1 and 60000, got " + maxWait);
            return;
        }
        try {
            DesiredTask.parseOf(spec.getParse()).multiline().compileStartPattern();
        } catch (CollectionTask.InvalidTaskException e) {
            problems.add("spec." + e.getMessage());
        }
    }

    private static void checkTransfer(TransferSpec transfer, List<String> problems) {
        if (transfer == null) {
            return;
        }
        range("spec.transfer.minReplicas", transfer.getMinReplicas(), 0, 100, problems);
        range("spec.transfer.maxReplicas", transfer.getMaxReplicas(), 1, 100, problems);
        range("spec.transfer.scaleDownStabilizationSeconds", transfer.getScaleDownStabilizationSeconds(), 0, 3600, problems);
        if (transfer.getMinReplicas() != null && transfer.getMaxReplicas() != null
                && transfer.getMinReplicas() > transfer.getMaxReplicas()) {
            problems.add("spec.transfer.minReplicas: " + transfer.getMinReplicas()
                    + " must not exceed spec.transfer.maxReplicas (" + transfer.getMaxReplicas() + ")");
        }
        if (transfer.getTargetLagPerReplica() != null && transfer.getTargetLagPerReplica() < 1) {
            problems.add("spec.transfer.targetLagPerReplica: must be at least 1, got " + transfer.getTargetLagPerReplica());
        }
        if (transfer.getActivationLag() != null && transfer.getActivationLag() < 0) {
            problems.add("spec.transfer.activationLag: must not be negative, got " + transfer.getActivationLag());
        }
    }

    private static void checkExtraMappings(Map<String, String> extra, List<String> problems) {
        if (extra == null) {
            return;
        }
        for (Map.Entry<String, String> field : new TreeMap<>(extra).entrySet()) {
            String name = field.getKey();
            String where = "spec.elasticsearch.extraMappings." + name;
            if (!FIELD_NAME.matcher(name).matches()) {
                problems.add(where + ": not a field name (letters, digits, '_', '-', '@', dot-separated)");
            } else if (overlapsKelpField(name)) {
                problems.add(where + ": overlaps a field Kelp writes itself");
            }
            if (!IndexTemplateSpec.RecordMappings.EXTRA_TYPES.contains(field.getValue())) {
                problems.add(where + ": type '" + field.getValue()
                        + "' is not one of keyword, text, long, double, date, boolean, ip");
            }
        }
    }

    private static boolean overlapsKelpField(String name) {
        for (String kelp : IndexTemplateSpec.RecordMappings.KELP_FIELDS) {
            if (kelp.equals(name) || kelp.startsWith(name + ".") || name.startsWith(kelp + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} is a valid label value, or the name part of a label key when it is one. */
    static boolean isLabelName(String value) {
        return value != null && LABEL_NAME.matcher(value).matches();
    }

    static boolean isDnsLabel(String value) {
        return value != null && DNS_LABEL.matcher(value).matches();
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
        if (kafka.getRetentionMs() != null && kafka.getRetentionMs() < 60_000) {
            problems.add("spec.kafka.retentionMs: must be at least 60000 (one minute), got " + kafka.getRetentionMs());
        }
        if (kafka.getCompression() != null && !COMPRESSIONS.contains(kafka.getCompression())) {
            problems.add("spec.kafka.compression: '" + kafka.getCompression()
                    + "' is not one of producer, gzip, snappy, lz4, zstd, uncompressed");
        }
    }

    private static void checkElasticsearch(ElasticsearchSpec es, List<String> problems) {
        if (es == null) {
            return;
        }
        range("spec.elasticsearch.shards", es.getShards(), 1, 64, problems);
        range("spec.elasticsearch.replicas", es.getReplicas(), 0, 5, problems);
        range("spec.elasticsearch.retentionDays", es.getRetentionDays(), 1, 3650, problems);
        checkExtraMappings(es.getExtraMappings(), problems);
    }

    private static void range(String field, Integer value, int min, int max, List<String> problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}

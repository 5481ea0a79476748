package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ClusterLogCollectionSpec;

import java.util.List;
import java.util.Map;

/** The rules for what only a ClusterLogCollection selects: namespaces, host paths and host labels. */
final class ClusterSelection {

    private ClusterSelection() {
    }

    static void check(ClusterLogCollectionSpec spec, List<String> problems) {
        List<String> namespaces = spec.getNamespaces() == null ? List.of() : spec.getNamespaces();
        List<String> hostPaths = spec.getHostPaths() == null ? List.of() : spec.getHostPaths();
        if (namespaces.isEmpty() && hostPaths.isEmpty()) {
            problems.add("spec: a ClusterLogCollection must name spec.namespaces, spec.hostPaths or both");
        }
        for (String namespace : namespaces) {
            if (!SpecValidator.isDnsLabel(namespace)) {
                problems.add("spec.namespaces: '" + namespace + "' is not a namespace name (DNS-1123 label)");
            }
        }
        for (String path : hostPaths) {
            if (path == null || !path.startsWith("/")) {
                problems.add("spec.hostPaths: '" + path + "' is not an absolute path or glob");
            }
        }
        if (spec.getHostLabels() != null) {
            for (Map.Entry<String, String> label : spec.getHostLabels().entrySet()) {
                String key = label.getKey();
                String name = key.substring(key.indexOf('/') + 1);
                if (name.isEmpty() || !SpecValidator.isLabelName(name)) {
                    problems.add("spec.hostLabels: '" + key + "' is not a valid label key");
                }
                if (!SpecValidator.isLabelName(label.getValue())) {
                    problems.add("spec.hostLabels." + key + ": '" + label.getValue() + "' is not a valid label value");
                }
            }
        }
    }
}

package io.kelp.e2e.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alerts of the chart's PrometheusRule: name to PromQL expression. */
final class PrometheusRules {

    private PrometheusRules() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> alerts(RenderedChart chart) {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (GenericKubernetesResource rule : chart.ofKind("PrometheusRule")) {
            Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
            for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
                for (Map<String, Object> entry : (List<Map<String, Object>>) group.get("rules")) {
                    alerts.put((String) entry.get("alert"), String.valueOf(entry.get("expr")));
                }
            }
        }
        return alerts;
    }
}

package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What only a cluster-scoped collection may select: pods of several namespaces, and host files. */
// Unknown fields are ignored, as in CollectionSpec (an informer must not stop on one bad object).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.namespaces) && size(self.namespaces) > 0) || (has(self.hostPaths) && size(self.hostPaths) > 0)",
        message = "a ClusterLogCollection must name spec.namespaces, spec.hostPaths or both")
public class ClusterLogCollectionSpec extends CollectionSpec {

    @ValidationRule(value = "self.all(n, size(n) <= 63 && n.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))",
            message = "spec.namespaces: each entry must be a namespace name (DNS-1123 label)")
    @JsonPropertyDescription("Collect container logs of the pods selected by spec.selector in these namespaces. "
            + "Empty: no container logs (host files only).")
    private List<String> namespaces = new ArrayList<>();

    @ValidationRule(value = "self.all(p, p.startsWith('/'))",
            message = "spec.hostPaths: each entry must be an absolute path or glob, e.g. /var/log/syslog or /var/log/app/*.log")
    @JsonPropertyDescription("Absolute glob patterns of files on the hosts (nodes, or VMs running the agent without "
            + "Kubernetes) to tail as plain text, e.g. /var/log/app/*.log.")
    private List<String> hostPaths = new ArrayList<>();

    @JsonPropertyDescription("spec.hostPaths are tailed only on hosts carrying all of these labels (node labels, "
            + "or kelp.agent.host-labels of a VM agent). Empty: every host.")
    private Map<String, String> hostLabels = new LinkedHashMap<>();

    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    public List<String> getHostPaths() {
        return hostPaths;
    }

    public void setHostPaths(List<String> hostPaths) {
        this.hostPaths = hostPaths;
    }

    public Map<String, String> getHostLabels() {
        return hostLabels;
    }

    public void setHostLabels(Map<String, String> hostLabels) {
        this.hostLabels = hostLabels;
    }
}

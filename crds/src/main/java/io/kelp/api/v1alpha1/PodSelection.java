package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodSelection {

    @JsonPropertyDescription("Pods must carry all of these labels. Empty: every pod of the namespace.")
    private Map<String, String> matchLabels = new LinkedHashMap<>();

    @JsonPropertyDescription("Only these containers of the selected pods. Empty: every container.")
    private List<String> containers = new ArrayList<>();

    public Map<String, String> getMatchLabels() {
        return matchLabels;
    }

    public void setMatchLabels(Map<String, String> matchLabels) {
        this.matchLabels = matchLabels;
    }

    public List<String> getContainers() {
        return containers;
    }

    public void setContainers(List<String> containers) {
        this.containers = containers;
    }
}

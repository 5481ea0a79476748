package io.kelp.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kelp.e2e.Pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The chart rendered in-process by helm-java (no cluster, no network) and parsed into objects. */
final class RenderedChart {

    static final Path REPOSITORY = Pipeline.findRepositoryRoot();
    static final Path CHART = REPOSITORY.resolve("helm/kelp");
    static final String RELEASE = "kelp";
    static final String NAMESPACE = "kelp-system";

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Renders with {@code --set key=value} pairs; throws when helm refuses the values. */
    static RenderedChart render(String... keyValues) {
        return new RenderedChart(parse(template(keyValues).call()));
    }

    static TemplateCommand template(String... keyValues) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.30.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            template.set(keyValues[i], keyValues[i + 1]);
        }
        return template;
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.contains("kind:")) {
                objects.add(Serialization.unmarshal(document));
            }
        }
        return objects;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " in " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Objects of kinds fabric8 has no class for (ServiceMonitor, PodMonitor, PrometheusRule). */
    List<GenericKubernetesResource> ofKind(String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).map(GenericKubernetesResource.class::cast)
                .toList();
    }

    Deployment operator() {
        return named(Deployment.class, RELEASE + "-operator");
    }

    DaemonSet agent() {
        return named(DaemonSet.class, RELEASE + "-agent");
    }

    Container operatorContainer() {
        return operator().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    Container agentContainer() {
        return agent().getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}

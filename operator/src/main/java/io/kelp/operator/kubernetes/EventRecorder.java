package io.kelp.operator.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records Kubernetes events on a resource, as {@code kubectl describe} shows them. Best effort: an
 * event that cannot be written is logged, never allowed to fail the reconcile that produced it.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    static final String COMPONENT = "kelp-operator";

    public enum Type { Normal, Warning }

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(HasMetadata about, Type type, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        // Events about cluster-scoped objects go to "default", as Kubernetes' own recorders do.
        String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(about.getApiVersion())
                            .withKind(about.getKind())
                            .withNamespace(about.getMetadata().getNamespace())
                            .withName(about.getMetadata().getName())
                            .withUid(about.getMetadata().getUid())
                            .build())
                    .withType(type.name())
                    .withReason(reason)
                    .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot record event %s on %s/%s: %s", reason, namespace, about.getMetadata().getName(),
                    e.getMessage());
        }
    }
}

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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records Kubernetes events on a resource, as {@code kubectl describe} shows them. Best effort and
 * off the reconcile thread: events are written by two threads of their own from a bounded queue,
 * so a slow API server delays the events, not the reconciles (and their status writes); an event
 * that cannot be written, or does not fit the queue, is logged and dropped.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    static final String COMPONENT = "kelp-operator";
    private static final int QUEUE = 10_000;

    public enum Type { Normal, Warning }

    private final KubernetesClient client;
    private final Clock clock;
    private final ThreadPoolExecutor writers;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "kelp-events-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, (dropped, executor) -> LOG.warnf("event queue full (%d), dropping an event", QUEUE));
    }

    /** Queues the event; its time is taken now. */
    public void record(HasMetadata about, Type type, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        writers.execute(() -> write(about, type, reason, message, now));
    }

    @Override
    public void close() {
        writers.shutdown();
    }

    private void write(HasMetadata about, Type type, String reason, String message, String now) {
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

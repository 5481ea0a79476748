package io.kelp.operator.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.operator.reconcile.ClusterLogCollectionReconciler;
import io.kelp.operator.reconcile.CollectionReadiness.Key;
import io.kelp.operator.reconcile.LogCollectionReconciler;

import java.util.Map;

/**
 * Whether a collection still exists, from the informer caches of the two controllers: no request
 * to the API server, and only the namespaces the operator watches, which are the only ones it
 * tracks anything for.
 */
final class PrimaryCaches {

    private static final Map<String, String> CONTROLLER_OF_KIND = Map.of(
            HasMetadata.getKind(LogCollection.class), LogCollectionReconciler.NAME,
            HasMetadata.getKind(ClusterLogCollection.class), ClusterLogCollectionReconciler.NAME);

    private final Operator operator;

    PrimaryCaches(Operator operator) {
        this.operator = operator;
    }

    /** True also when the kind's cache cannot be read: unknown is not gone. */
    boolean exists(Key key) {
        String controller = CONTROLLER_OF_KIND.get(key.kind());
        if (controller == null) {
            return true;
        }
        return operator.getRegisteredController(controller)
                .filter(Controller.class::isInstance)
                .map(registered -> ((Controller<?>) registered).getEventSourceManager().getControllerEventSource()
                        .contains(new ResourceID(key.name(), key.namespace().isEmpty() ? null : key.namespace())))
                .orElse(true);
    }
}

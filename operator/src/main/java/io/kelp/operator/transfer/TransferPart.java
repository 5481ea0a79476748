package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.operator.autoscale.ScalingPolicy;
import io.kelp.operator.desired.DesiredState;
import io.kelp.operator.desired.SpecDefaults;
import io.kelp.operator.status.ConditionType;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.PartResult;

/**
 * Reconciles a collection's transfer Deployment (and, with credentials, the Secret its pods read
 * them from) and hands it to the autoscaler. Both kinds have one; a cluster collection's lives in
 * the operator's namespace ({@link TransferPlacement}). The Deployment is created with the policy's
 * minimum (at least one, so a new collection starts indexing at once); from then on only the
 * autoscaler changes its replicas.
 */
public final class TransferPart {

    private final TransferDeploymentHandler deployments;
    private final TransferSecretHandler secrets;
    private final TransferAutoscaler autoscaler;
    private final TransferDeployment.Settings settings;
    private final TransferPlacement placement;

    public TransferPart(TransferDeploymentHandler deployments, TransferSecretHandler secrets,
            TransferAutoscaler autoscaler, TransferDeployment.Settings settings, TransferPlacement placement) {
        this.deployments = deployments;
        this.secrets = secrets;
        this.autoscaler = autoscaler;
        this.settings = settings;
        this.placement = placement;
    }

    public <R extends HasMetadata & CollectionResource> PartResult apply(R collection, DesiredState desired) {
        ScalingPolicy policy = SpecDefaults.scalingPolicy(collection);
        int initial = Math.max(1, policy.minReplicas());
        String namespace = placement.namespace(desired.ref());
        try {
            boolean secretChanged = !settings.credentials().isEmpty() && secrets.ensure(
                    TransferSecret.of(desired.ref(), namespace, collection, settings.credentials()));
            LogCollectionStatus status = collection.collectionStatus();
            TransferDeploymentHandler.Applied applied = deployments.ensure(TransferDeployment.of(desired.ref(),
                    namespace, collection, settings, initial, SpecDefaults.transfer(collection).getResources()),
                    !transferReported(status));
            autoscaler.track(desired.ref(), collection.getMetadata().getUid(), policy, desired.topic().partitions(),
                    applied.replicas(), status == null ? null : status.getLag(),
                    status == null ? null : status.getTransferReplicas());
            return PartResult.ready(ConditionType.TRANSFER_READY, "Deployment " + namespace + "/"
                    + TransferDeployment.name(desired.ref()) + " scales on consumer lag between " + policy.minReplicas()
                    + " and " + policy.maxReplicas() + " replicas", applied.changed() || secretChanged);
        } catch (PartFailure e) {
            return PartResult.failed(ConditionType.TRANSFER_READY, e.reason(), e.getMessage(), e.retryable());
        }
    }

    /** Whether an earlier reconcile reported on the transfer (else its Deployment is most likely new). */
    private static boolean transferReported(LogCollectionStatus status) {
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ConditionType.TRANSFER_READY.wireName().equals(c.getType()));
    }
}

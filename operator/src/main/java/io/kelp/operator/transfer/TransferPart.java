package io.kelp.operator.transfer;

import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.operator.autoscale.ScalingPolicy;
import io.kelp.operator.desired.DesiredState;
import io.kelp.operator.desired.SpecDefaults;
import io.kelp.operator.status.ConditionType;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.PartResult;

/**
 * Reconciles a collection's transfer Deployment and hands it to the autoscaler. The Deployment is
 * created with the policy's minimum (at least one, so a new collection starts indexing at once);
 * from then on only the autoscaler changes its replicas.
 */
public final class TransferPart {

    private final TransferDeploymentHandler deployments;
    private final TransferAutoscaler autoscaler;
    private final TransferDeployment.Settings settings;

    public TransferPart(TransferDeploymentHandler deployments, TransferAutoscaler autoscaler,
            TransferDeployment.Settings settings) {
        this.deployments = deployments;
        this.autoscaler = autoscaler;
        this.settings = settings;
    }

    public PartResult apply(LogCollection collection, DesiredState desired) {
        ScalingPolicy policy = SpecDefaults.scalingPolicy(collection);
        int initial = Math.max(1, policy.minReplicas());
        try {
            TransferDeploymentHandler.Applied applied = deployments.ensure(TransferDeployment.of(
                    desired.ref(), collection, settings, initial, SpecDefaults.transfer(collection).getResources()));
            Long statusLag = collection.getStatus() == null ? null : collection.getStatus().getLag();
            Integer statusReplicas = collection.getStatus() == null ? null : collection.getStatus().getTransferReplicas();
            autoscaler.track(desired.ref(), collection.getMetadata().getUid(), policy,
                    desired.topic().partitions(), applied.replicas(), statusLag, statusReplicas);
            return PartResult.ready(ConditionType.TRANSFER_READY, "Deployment " + TransferDeployment.name(desired.ref())
                    + " scales on consumer lag between " + policy.minReplicas() + " and " + policy.maxReplicas()
                    + " replicas", applied.changed());
        } catch (PartFailure e) {
            return PartResult.failed(ConditionType.TRANSFER_READY, e.reason(), e.getMessage(), e.retryable());
        }
    }
}

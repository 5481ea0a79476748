package io.kelp.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-wide collection: container logs of pods in several namespaces and/or files of the
 * hosts (nodes, VMs) themselves, into one Kafka topic and one family of daily indices. Cluster
 * scoped so that only those allowed to create cluster-scoped resources (cluster admins) can read
 * other namespaces' or the hosts' logs.
 */
@Group(LogCollection.GROUP)
@Version(LogCollection.VERSION)
@ShortNames("clc")
@ValidationRule(value = "!self.metadata.name.contains('.') && size(self.metadata.name) <= 63",
        message = "metadata.name must be a DNS-1123 label (no dots, at most 63 characters): topic and index names are derived from it")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Topic", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.topic")
@AdditionalPrinterColumn(name = "Index", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.indexPattern")
@AdditionalPrinterColumn(name = "Agents", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.agents")
@AdditionalPrinterColumn(name = "Lines/s", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.linesPerSecond")
@AdditionalPrinterColumn(name = "Lag", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.lag")
@AdditionalPrinterColumn(name = "Transfers", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.transferReplicas")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class ClusterLogCollection extends CustomResource<ClusterLogCollectionSpec, LogCollectionStatus>
        implements CollectionResource {

    @Override
    protected ClusterLogCollectionSpec initSpec() {
        return new ClusterLogCollectionSpec();
    }

    @Override
    protected LogCollectionStatus initStatus() {
        return new LogCollectionStatus();
    }

    @Override
    public CollectionSpec collectionSpec() {
        return getSpec();
    }

    @Override
    public LogCollectionStatus collectionStatus() {
        return getStatus();
    }
}

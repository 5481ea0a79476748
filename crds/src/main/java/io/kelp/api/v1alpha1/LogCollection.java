package io.kelp.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A set of container logs in one namespace that Kelp collects into one Kafka topic and one family
 * of daily Elasticsearch indices.
 */
@Group(LogCollection.GROUP)
@Version(LogCollection.VERSION)
@ShortNames("lc")
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
public class LogCollection extends CustomResource<LogCollectionSpec, LogCollectionStatus> implements Namespaced, CollectionResource {

    public static final String GROUP = "kelp.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected LogCollectionSpec initSpec() {
        return new LogCollectionSpec();
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

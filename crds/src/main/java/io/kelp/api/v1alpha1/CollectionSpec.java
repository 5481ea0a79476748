package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * What a {@link LogCollection} and a {@link ClusterLogCollection} share: which pods by label and
 * container, parsing, the Kafka topic, the Elasticsearch indices, the transfer, deletion policy.
 *
 * <p>A field this version does not know (a newer CRD, or a server that did not prune) is ignored:
 * failing would stop the operator's informer for every collection, not just this one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CollectionSpec {

    @JsonPropertyDescription("Which pods and containers to collect (of this namespace for a LogCollection, of "
            + "spec.namespaces for a ClusterLogCollection). Empty: every pod.")
    private PodSelection selector = new PodSelection();

    @JsonPropertyDescription("How the log lines are framed and parsed.")
    private ParseSpec parse = new ParseSpec();

    @JsonPropertyDescription("Settings of the collection's Kafka topic.")
    private KafkaSpec kafka = new KafkaSpec();

    @JsonPropertyDescription("Settings of the collection's Elasticsearch indices.")
    private ElasticsearchSpec elasticsearch = new ElasticsearchSpec();

    @Default("Retain")
    @JsonPropertyDescription("What happens to the topic, index template and indices when the LogCollection is deleted: "
            + "Retain (default) keeps them, Delete removes them. The etcd task is always removed.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

    @JsonPropertyDescription("The transfer Deployment that indexes this collection, and how it scales on consumer lag.")
    private TransferSpec transfer = new TransferSpec();

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public TransferSpec getTransfer() {
        return transfer;
    }

    public void setTransfer(TransferSpec transfer) {
        this.transfer = transfer;
    }

    public PodSelection getSelector() {
        return selector;
    }

    public void setSelector(PodSelection selector) {
        this.selector = selector;
    }

    public ParseSpec getParse() {
        return parse;
    }

    public void setParse(ParseSpec parse) {
        this.parse = parse;
    }

    public KafkaSpec getKafka() {
        return kafka;
    }

    public void setKafka(KafkaSpec kafka) {
        this.kafka = kafka;
    }

    public ElasticsearchSpec getElasticsearch() {
        return elasticsearch;
    }

    public void setElasticsearch(ElasticsearchSpec elasticsearch) {
        this.elasticsearch = elasticsearch;
    }
}

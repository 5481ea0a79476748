package io.kelp.operator.status;

/** Why a condition has its status; the {@code reason} field of a condition, machine-readable. */
public enum Reason {
    /** Every part is in place. */
    Ready,
    /** The part exists as the spec asks. */
    Applied,
    /** The spec breaks a rule; the message names the field. */
    InvalidSpec,
    /** The task is held back until its topic and index template exist, so agents never produce into nothing. */
    WaitingForDependencies,
    /** A part is not in place; see that part's condition. */
    PartNotReady,
    EtcdUnavailable,
    KafkaUnavailable,
    /** Kafka refused the topic as asked (e.g. more replicas than brokers). */
    KafkaRejected,
    /** Fewer partitions than the topic has: Kafka cannot remove partitions. */
    PartitionDecreaseRefused,
    ElasticsearchUnavailable,
    /** Elasticsearch refused the template (4xx). */
    ElasticsearchRejected,
    /** The Kubernetes API refused or failed a write of the transfer Deployment. */
    KubernetesFailed
}

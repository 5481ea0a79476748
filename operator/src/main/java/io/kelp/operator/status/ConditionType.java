package io.kelp.operator.status;

/** The conditions of a LogCollection: one per part, and Ready when every part is. */
public enum ConditionType {
    READY("Ready"),
    TASK_PUBLISHED("TaskPublished"),
    TOPIC_READY("TopicReady"),
    INDEX_TEMPLATE_READY("IndexTemplateReady"),
    TRANSFER_READY("TransferReady");

    private final String wireName;

    ConditionType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

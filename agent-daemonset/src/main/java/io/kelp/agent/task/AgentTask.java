package io.kelp.agent.task;

import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;

/** A task as the agent applies it: the shared contract plus the agent-only extras. */
public record AgentTask(CollectionTask task, TaskExtras extras) {

    public CollectionRef collection() {
        return task.collection();
    }
}

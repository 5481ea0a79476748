package io.kelp.agent.task;

import io.kelp.agent.parse.MultilineRule;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;

/**
 * A task as the agent applies it: the contract value plus what the agent derives from it once per
 * value, so the tailing thread never compiles a pattern.
 *
 * @param task      the validated task value
 * @param multiline the compiled {@code parse.multiline} rule, or null when lines are events on their own
 */
public record AgentTask(CollectionTask task, MultilineRule multiline) {

    /** Validates the task and compiles what the hot path needs. */
    public static AgentTask of(CollectionTask task) throws CollectionTask.InvalidTaskException {
        task.validate();
        CollectionTask.Multiline rule = task.parse().multiline();
        return new AgentTask(task, rule == null ? null
                : new MultilineRule(rule.compileStartPattern(), rule.maxWaitMillis()));
    }

    public CollectionRef collection() {
        return task.collection();
    }

    // The rule is derived from the task and a Pattern has no value equality: compare by the task,
    // so a resync that re-reads an unchanged value does not look like a change.
    @Override
    public boolean equals(Object o) {
        return o instanceof AgentTask other && task.equals(other.task);
    }

    @Override
    public int hashCode() {
        return task.hashCode();
    }
}

package io.kelp.agent.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the tasks were read from etcd and the watch runs. While etcd's authentication refuses
 * the agent, the response says so (data {@code etcdRefused}), so a pod that never becomes ready
 * shows why in its readiness output as well as in its log.
 */
@Readiness
@ApplicationScoped
public class TasksReadiness implements HealthCheck {

    @Inject
    AgentRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kelp-agent-tasks")
                .status(runtime.tasksSynced())
                .withData("podsSynced", runtime.podsReady())
                .withData("filesTailed", runtime.counters().filesTailed.get());
        String refusal = runtime.etcdRefusal();
        if (refusal != null) {
            response.withData("etcdRefused", refusal);
        }
        return response.build();
    }
}

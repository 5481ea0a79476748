package io.kelp.agent.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the tasks were read from etcd and the watch runs. */
@Readiness
@ApplicationScoped
public class TasksReadiness implements HealthCheck {

    @Inject
    AgentRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kelp-agent-tasks")
                .status(runtime.tasksSynced())
                .withData("podsSynced", runtime.podsReady())
                .withData("filesTailed", runtime.counters().filesTailed.get())
                .build();
    }
}

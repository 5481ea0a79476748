package io.kelp.agent.app;

import io.kelp.agent.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the tailing loop keeps turning, or is waiting on Kafka on purpose (backpressure). */
@Liveness
@ApplicationScoped
public class LoopLiveness implements HealthCheck {

    /** Idle, the loop turns every ~50 ms; a minute without a turn and nothing in flight means stuck. */
    private static final long STUCK_AFTER_MILLIS = 60_000;

    @Inject
    AgentRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        Agent agent = runtime.agent();
        long sinceLoop = agent == null ? -1 : System.currentTimeMillis() - agent.lastLoopMillis();
        boolean alive = agent != null && (sinceLoop < STUCK_AFTER_MILLIS || runtime.waitingOnKafka());
        return HealthCheckResponse.named("kelp-agent-loop").status(alive)
                .withData("millisSinceLastLoop", sinceLoop).build();
    }
}

package io.kelp.operator.config;

import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.transfer.TransferAutoscaler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Runs the loops that measure and publish: the lag autoscaler every
 * {@code kelp.operator.autoscale.interval} and the agent status every
 * {@code kelp.operator.agent-status.interval}, each on its own daemon thread so that a slow etcd
 * never delays scaling and a slow Kafka never delays the agent status.
 */
@ApplicationScoped
public class MeasurementLoops {

    private static final Logger LOG = Logger.getLogger(MeasurementLoops.class);

    private final List<ScheduledExecutorService> loops = new ArrayList<>();

    void start(@Observes StartupEvent event, TransferAutoscaler autoscaler, AgentStatusUpdater agentStatus,
            KelpConfig config, Clock clock) {
        if (config.operator().transfer().manageDeployments()) {
            every("kelp-autoscaler", config.operator().autoscale().interval(), autoscaler::tick, clock);
        }
        every("kelp-agent-status", config.operator().agentStatus().interval(), agentStatus::tick, clock);
    }

    private void every(String name, Duration interval, LongConsumer tick, Clock clock) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                tick.accept(clock.millis());
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s pass failed", name);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        loops.add(loop);
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(ScheduledExecutorService::shutdownNow);
    }
}

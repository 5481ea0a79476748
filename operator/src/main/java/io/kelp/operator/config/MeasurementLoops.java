package io.kelp.operator.config;

import io.javaoperatorsdk.operator.Operator;
import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.reconcile.CollectionReadiness;
import io.kelp.operator.reconcile.GoneCollectionPrune;
import io.kelp.operator.reconcile.RetentionSweep;
import io.kelp.operator.transfer.TransferAutoscaler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Runs the loops beside reconcile: the lag autoscaler every {@code kelp.operator.autoscale.interval},
 * the agent status every {@code kelp.operator.agent-status.interval}, the index retention sweep and
 * the pruning of what is kept for collections deleted without a cleanup, each on its own daemon thread so that a slow etcd never delays scaling, a slow Kafka never delays
 * the agent status, and a slow Elasticsearch neither.
 */
@ApplicationScoped
public class MeasurementLoops {

    private static final Logger LOG = Logger.getLogger(MeasurementLoops.class);

    private final List<ScheduledExecutorService> loops = new ArrayList<>();

    /** How often the retention loop looks for collections due a sweep (new ones are due at once). */
    private static final Duration RETENTION_PASS = Duration.ofSeconds(10);

    void start(@Observes StartupEvent event, TransferAutoscaler autoscaler, AgentStatusUpdater agentStatus,
            RetentionSweep retention, CollectionReadiness readiness, Operator operator, KelpConfig config,
            Clock clock) {
        if (config.operator().transfer().manageDeployments()) {
            every("kelp-autoscaler", config.operator().autoscale().interval(), autoscaler::tick, clock);
        }
        every("kelp-agent-status", config.operator().agentStatus().interval(), agentStatus::tick, clock);
        every("kelp-retention", RETENTION_PASS, millis -> retention.tick(Instant.ofEpochMilli(millis)), clock);
        PrimaryCaches caches = new PrimaryCaches(operator);
        GoneCollectionPrune prune = new GoneCollectionPrune(readiness, List.of(autoscaler, agentStatus, retention));
        every("kelp-gone-collection-prune", config.operator().pruneInterval(),
                millis -> prune.forgetGone(caches::exists), clock);
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

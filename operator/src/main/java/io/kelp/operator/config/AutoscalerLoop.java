package io.kelp.operator.config;

import io.kelp.operator.transfer.TransferAutoscaler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the lag autoscaler on one daemon thread at {@code kelp.operator.autoscale.interval}. */
@ApplicationScoped
public class AutoscalerLoop {

    private static final Logger LOG = Logger.getLogger(AutoscalerLoop.class);

    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent event, TransferAutoscaler autoscaler, KelpConfig config, Clock clock) {
        if (!config.operator().transfer().manageDeployments()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kelp-autoscaler");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = config.operator().autoscale().interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                autoscaler.tick(clock.millis());
            } catch (RuntimeException e) {
                LOG.warnf(e, "autoscaler pass failed");
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}

package io.kelp.transfer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Ready once the collection's task is known and its topic subscribed; live while the loop turns. */
final class TransferHealth {

    private TransferHealth() {
    }

    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        @Inject
        TransferService service;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("kelp-transfer-consuming")
                    .status(service.consuming())
                    .withData("collection", service.collection())
                    .build();
        }
    }

    @Liveness
    @ApplicationScoped
    static class Live implements HealthCheck {
        /** Longer than any poll, revoke wait or shutdown: a loop silent this long is wedged. */
        private static final Duration MAX_SILENCE = Duration.ofSeconds(90);

        @Inject
        TransferService service;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("kelp-transfer-loop").status(service.alive(MAX_SILENCE)).build();
        }
    }
}

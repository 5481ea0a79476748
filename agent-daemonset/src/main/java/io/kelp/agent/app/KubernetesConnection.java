package io.kelp.agent.app;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Connects to the Kubernetes API for the pod directory, and only when the agent watches pods: in VM
 * mode none of the client is loaded. The in-cluster service account (or a kubeconfig) is the
 * default; {@code kelp.agent.kubernetes.api-server-url} points elsewhere (tests, local stacks).
 */
final class KubernetesConnection {

    /** The key this setting had while the agent used Quarkus's kubernetes-client extension. */
    static final String PREVIOUS_URL_KEY = "quarkus.kubernetes-client.api-server-url";
    static final String PREVIOUS_TRUST_KEY = "quarkus.kubernetes-client.trust-certs";

    private KubernetesConnection() {
    }

    /** A client on Quarkus's own Vert.x instance (no second event loop pool). */
    static KubernetesClient connect(KelpConfig.Agent.Kubernetes config, Vertx vertx) {
        org.eclipse.microprofile.config.Config all = ConfigProvider.getConfig();
        Optional<String> url = config.apiServerUrl().or(() -> all.getOptionalValue(PREVIOUS_URL_KEY, String.class));
        boolean trustCerts = config.trustCerts()
                || all.getOptionalValue(PREVIOUS_TRUST_KEY, Boolean.class).orElse(false);
        ConfigBuilder builder = new ConfigBuilder(Config.autoConfigure(null));
        url.ifPresent(builder::withMasterUrl);
        if (trustCerts) {
            builder.withTrustCerts(true);
        }
        return new KubernetesClientBuilder().withConfig(builder.build())
                .withHttpClientFactory(new VertxHttpClientFactory(vertx)).build();
    }
}

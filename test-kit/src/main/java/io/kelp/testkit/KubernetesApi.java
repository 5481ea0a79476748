package io.kelp.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API in CRUD mode (objects are stored, watches fire) over plain HTTP on a
 * free loopback port, so child processes (operator, agent) can reach it with
 * {@code quarkus.kubernetes-client.api-server-url}.
 *
 * <p>Known gaps of the mock: field selectors are ignored and server-side apply patches get 415. It
 * has no RBAC: a SelfSubjectRulesReview answers that everything is allowed.
 * Load CRDs with {@link #loadCrd} before using custom resources, so the mock knows their scope and
 * status subresource.
 */
public final class KubernetesApi implements AutoCloseable {

    // The mock logs every request at INFO through java.util.logging; held strongly so the level sticks.
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private KubernetesClient client;

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
    }

    public static KubernetesApi start() {
        MOCK_LOG.setLevel(Level.WARNING);
        // Mixed: the expectations below answer first, every other request is CRUD.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), FreePorts.next());
        answerRulesReviews(server);
        return new KubernetesApi(server);
    }

    /**
     * The mock has no RBAC, so everything is allowed; a SelfSubjectRulesReview (which CRUD mode would
     * store and echo without a status) says so. The operator's leader election checks its access to
     * Leases that way before it starts.
     */
    private static void answerRulesReviews(KubernetesMockServer server) {
        SelfSubjectRulesReview everythingAllowed = new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, everythingAllowed).always();
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String url() {
        String url = server.url("/");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A shared client, closed with the server. Do not close it. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A client of its own, for tests that want to close it or configure it differently. */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withTrustCerts(true)
                .withNamespace("default")
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Creates (or replaces) the CRD in the file. */
    public CustomResourceDefinition loadCrd(Path yaml) {
        try (InputStream in = Files.newInputStream(yaml)) {
            return loadCrd(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + yaml, e);
        }
    }

    /** Creates (or replaces) the CRD found on the classpath at {@code resource} (no leading slash). */
    public CustomResourceDefinition loadCrdFromClasspath(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("CRD resource not found on the classpath: " + resource);
            }
            return loadCrd(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + resource, e);
        }
    }

    private CustomResourceDefinition loadCrd(InputStream in) {
        CustomResourceDefinition crd = client().apiextensions().v1().customResourceDefinitions().load(in).item();
        return client().resource(crd).createOr(NonDeletingOperation::update);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        server.destroy();
    }
}

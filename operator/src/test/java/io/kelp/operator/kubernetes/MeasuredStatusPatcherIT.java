package io.kelp.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.testkit.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against fabric8's mock API in expectations mode, which answers only what a test expects (any
 * other request gets 404), so it shows exactly which requests a measurement costs.
 */
class MeasuredStatusPatcherIT {

    private static final String GROUP_VERSION = "/apis/" + HasMetadata.getApiVersion(LogCollection.class);

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server.init(InetAddress.getLoopbackAddress(), FreePorts.next());
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void patchesTheStatusOfBothKindsWithOneRequestEachAndNoRead() throws Exception {
        String namespaced = GROUP_VERSION + "/namespaces/team-a/logcollections/web/status";
        String cluster = GROUP_VERSION + "/clusterlogcollections/nodes/status";
        server.expect().patch().withPath(namespaced).andReturn(200, new LogCollection()).once();
        server.expect().patch().withPath(cluster).andReturn(200, new ClusterLogCollection()).once();
        MeasuredStatusPatcher patcher = new MeasuredStatusPatcher(client);

        assertThat(patcher.patch(new CollectionRef("team-a", "web"), Map.of("agents", 3))).isTrue();
        assertThat(patcher.patch(CollectionRef.cluster("nodes"), Map.of("agents", 5))).isTrue();

        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest first = server.takeRequest();
        assertThat(first.getMethod()).isEqualTo("PATCH");
        assertThat(first.getPath()).isEqualTo(namespaced);
        assertThat(first.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(first.getUtf8Body()).isEqualTo("{\"status\":{\"agents\":3}}");
        RecordedRequest second = server.takeRequest();
        assertThat(second.getMethod()).isEqualTo("PATCH");
        assertThat(second.getPath()).isEqualTo(cluster);
    }

    @Test
    void aRefusedPatchIsReportedAsNotWritten() {
        server.expect().patch().withPath(GROUP_VERSION + "/namespaces/team-a/logcollections/web/status")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).once();

        assertThat(new MeasuredStatusPatcher(client).patch(new CollectionRef("team-a", "web"), Map.of("agents", 3)))
                .isFalse();
    }
}

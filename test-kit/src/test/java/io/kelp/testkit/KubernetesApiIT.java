package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewSpecBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubernetesApiIT {

    private static final ResourceDefinitionContext LOG_COLLECTIONS = new ResourceDefinitionContext.Builder()
            .withGroup("kelp.io").withVersion("v1alpha1").withKind("LogCollection").withPlural("logcollections")
            .withNamespaced(true).build();

    private final KubernetesApi kubernetes = KelpServers.kubernetes();

    @BeforeAll
    static void loadCrd() {
        KelpServers.kubernetes().loadCrdFromClasspath("crds/logcollections.testkit.yml");
    }

    @Test
    void storesAndReturnsACustomResource() {
        kubernetes.client().resource(logCollection("shop", "web")).create();

        GenericKubernetesResource stored = collections().inNamespace("shop").withName("web").get();

        assertThat(stored).isNotNull();
        assertThat(stored.getAdditionalProperties()).containsKey("spec");
        assertThat(((Map<?, ?>) stored.getAdditionalProperties().get("spec")).get("partitions")).isEqualTo(3);
    }

    @Test
    void keepsStatusSeparateFromSpecThroughTheStatusSubresource() {
        GenericKubernetesResource created = kubernetes.client().resource(logCollection("shop", "status")).create();
        created.setAdditionalProperty("status", Map.of("phase", "Ready"));

        collections().inNamespace("shop").resource(created).updateStatus();

        GenericKubernetesResource stored = collections().inNamespace("shop").withName("status").get();
        assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
    }

    @Test
    void watchReportsAddedResources() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (var watch = collections().inNamespace("watched").watch(new Watcher<GenericKubernetesResource>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            kubernetes.client().resource(logCollection("watched", "new-one")).create();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED new-one");
        }
    }

    @Test
    void answersAClientInAnotherProcessOverPlainHttp() {
        kubernetes.client().resource(new NamespaceBuilder().withNewMetadata().withName("from-outside").endMetadata()
                .build()).create();
        ManagedProcess curl = ManagedProcess.command("curl-kubernetes",
                List.of("curl", "-sf", kubernetes.url() + "/api/v1/namespaces/from-outside")).start();

        curl.waitForOutput("\"name\":\"from-outside\"", Duration.ofSeconds(10));

        assertThat(kubernetes.url()).startsWith("http://");
    }

    @Test
    void loadsACrdFromAFile() {
        var crd = kubernetes.loadCrd(Path.of("src/test/resources/crds/logcollections.testkit.yml"));
        assertThat(kubernetes.client().apiextensions().v1().customResourceDefinitions()
                .withName(crd.getMetadata().getName()).get()).isNotNull();
    }

    @Test
    void rulesReviewSaysEverythingIsAllowedSinceTheMockHasNoRbac() {
        SelfSubjectRulesReview review = new SelfSubjectRulesReview();
        review.setSpec(new SelfSubjectRulesReviewSpecBuilder().withNamespace("kelp").build());

        SelfSubjectRulesReview answer = kubernetes.client().resource(review).create();

        assertThat(answer.getStatus().getResourceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("*");
            assertThat(rule.getVerbs()).containsExactly("*");
        });
    }

    @Test
    void leaseUpdatesWithAStaleResourceVersionConflict() {
        Lease created = kubernetes.client().leases().inNamespace("leases").resource(new LeaseBuilder()
                .withNewMetadata().withName("leader").endMetadata()
                .withNewSpec().withHolderIdentity("a").endSpec().build()).create();
        Lease first = new LeaseBuilder(created).editSpec().withHolderIdentity("b").endSpec().build();
        Lease second = new LeaseBuilder(created).editSpec().withHolderIdentity("c").endSpec().build();

        kubernetes.client().leases().inNamespace("leases").resource(first).update();

        assertThatThrownBy(() -> kubernetes.client().leases().inNamespace("leases").resource(second).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(kubernetes.client().leases().inNamespace("leases").withName("leader").get().getSpec()
                .getHolderIdentity()).isEqualTo("b");
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> collections() {
        return kubernetes.client().genericKubernetesResources(LOG_COLLECTIONS);
    }

    private static GenericKubernetesResource logCollection(String namespace, String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("kelp.io/v1alpha1").withKind("LogCollection")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("partitions", 3))
                .build();
    }
}

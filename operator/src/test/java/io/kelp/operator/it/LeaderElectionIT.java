package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.KubernetesApi;
import io.kelp.testkit.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the packaged operator (processes, prod profile, leader election on) against one
 * mock API of their own (so no in-process operator of another test touches their collections),
 * with the test kit's real etcd, Kafka and Elasticsearch. Only the Lease holder reconciles; when it
 * is killed the other takes the Lease over and reconciles what comes next.
 */
class LeaderElectionIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String LEASE_NAMESPACE = "kelp-system";
    private static final String LEASE_NAME = "kelp-operator-leader";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(8);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern WRITES = Pattern.compile(
            "^kelp_operator_writes_total\\{[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KubernetesApi api = KubernetesApi.start();
    private final List<ManagedProcess> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ManagedProcess::stop);
        api.close();
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItDies() throws Exception {
        api.loadCrd(RealServers.CRD);
        api.loadCrd(RealServers.CLUSTER_CRD);
        Replica a = start("op-a");
        Replica b = start("op-b");

        create("le-shop", "one");
        Eventually.within(WAIT, () -> assertThat(ready("le-shop", "one")).isTrue());
        String holder = holder();
        Replica leader = holder.equals(a.identity) ? a : b;
        Replica follower = leader == a ? b : a;
        assertThat(holder).isIn(a.identity, b.identity);
        assertThat(leader.writes()).as("writes of the leader").isPositive();
        assertThat(follower.writes()).as("writes of the follower").isZero();

        long killed = System.nanoTime();
        leader.process.kill();
        Eventually.within(WAIT, () -> assertThat(holder()).isEqualTo(follower.identity));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("leader election: %s took over %d ms after %s was killed (lease %d s)%n",
                follower.identity, takeover.toMillis(), leader.identity, LEASE_DURATION.toSeconds());

        create("le-shop", "two");
        Eventually.within(WAIT, () -> assertThat(ready("le-shop", "two")).isTrue());
        assertThat(follower.writes()).as("writes of the new leader").isPositive();
        // The protocol bound is the lease duration plus a retry period; twice the lease leaves room for load.
        assertThat(takeover).isLessThan(LEASE_DURATION.multipliedBy(2));
    }

    private Replica start(String identity) {
        int port = FreePorts.next();
        Map<String, String> config = Map.ofEntries(
                Map.entry("quarkus.http.port", Integer.toString(port)),
                Map.entry("quarkus.kubernetes-client.api-server-url", api.url()),
                Map.entry("kelp.etcd.endpoints", KelpServers.etcd().endpoint()),
                Map.entry("kelp.kafka.bootstrap-servers", KelpServers.kafka().bootstrapServers()),
                Map.entry("kelp.elasticsearch.url", KelpServers.elasticsearch().url()),
                Map.entry("kelp.operator.server-side-apply", "false"),
                Map.entry("kelp.operator.transfer.manage-deployments", "false"),
                Map.entry("kelp.operator.leader-election.enabled", "true"),
                Map.entry("kelp.operator.leader-election.lease-namespace", LEASE_NAMESPACE),
                Map.entry("kelp.operator.leader-election.lease-duration", LEASE_DURATION.toSeconds() + "s"),
                Map.entry("kelp.operator.leader-election.renew-deadline", "6s"),
                Map.entry("kelp.operator.leader-election.retry-period", "1s"));
        ManagedProcess process = ManagedProcess.javaJar(identity, JAR.toAbsolutePath(), config)
                .environment("HOSTNAME", identity)
                .start();
        started.add(process);
        process.waitUntilHttpOk("http://127.0.0.1:" + port + "/q/health/live", WAIT);
        return new Replica(identity, process, port);
    }

    private void create(String namespace, String name) {
        api.client().resource(LogCollectionReconcilerIT.collection(namespace, name)).create();
    }

    private boolean ready(String namespace, String name) {
        LogCollection collection = api.client().resources(LogCollection.class).inNamespace(namespace).withName(name).get();
        if (collection == null || collection.getStatus() == null || collection.getStatus().getConditions() == null) {
            return false;
        }
        return collection.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).map(Condition::getStatus).anyMatch("True"::equals);
    }

    private String holder() {
        Lease lease = api.client().leases().inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private record Replica(String identity, ManagedProcess process, int port) {
        /** Sum of kelp_operator_writes_total over its targets (0: the counter was never created). */
        double writes() throws IOException, InterruptedException {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double total = 0;
            Matcher m = WRITES.matcher(metrics);
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total;
        }
    }
}

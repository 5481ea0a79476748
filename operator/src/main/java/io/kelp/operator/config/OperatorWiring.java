package io.kelp.operator.config;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import org.apache.http.Header;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import io.kelp.operator.elasticsearch.IndexTemplateHandler;
import io.kelp.operator.elasticsearch.IndexHandler;
import io.kelp.operator.reconcile.CollectionRemoval;
import io.kelp.operator.reconcile.RetentionSweep;
import io.kelp.operator.reconcile.WriteCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.etcd.EtcdTaskStore;
import io.kelp.operator.etcd.HeartbeatReader;
import io.kelp.operator.kafka.KafkaTopicHandler;
import io.kelp.operator.kafka.TopicStateReader;
import java.time.Duration;
import io.kelp.operator.reconcile.CollectionParts;
import io.kelp.operator.reconcile.CollectionPipeline;
import io.kelp.operator.reconcile.CollectionReadiness;
import jakarta.enterprise.inject.Instance;
import io.kelp.operator.reconcile.StatusWriter;
import io.kelp.operator.kubernetes.EventRecorder;
import io.kelp.operator.kubernetes.MeasuredStatusPatcher;
import io.kelp.operator.kafka.ConsumerLagReader;
import io.kelp.operator.transfer.TransferAutoscaler;
import io.kelp.operator.transfer.TransferDeployment;
import io.kelp.operator.transfer.TransferDeploymentHandler;
import io.kelp.operator.transfer.TransferCredentials;
import io.kelp.operator.transfer.TransferPart;
import io.kelp.operator.transfer.TransferPlacement;
import io.kelp.operator.transfer.TransferSecretHandler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.elasticsearch.client.RestClient;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the clients of the three external systems from {@link KelpConfig} and the adapters on top
 * of them. The clients connect lazily, so the operator starts even while a system is down; the
 * affected parts then report it in their conditions.
 */
@ApplicationScoped
public class OperatorWiring {

    @Produces
    @Singleton
    Client etcdClient(KelpConfig config) {
        ClientBuilder builder = Client.builder().endpoints(config.etcd().endpoints().toArray(String[]::new));
        config.etcd().user().ifPresent(user -> builder
                .user(ByteSequence.from(user, StandardCharsets.UTF_8))
                .password(ByteSequence.from(config.etcd().password().orElse(""), StandardCharsets.UTF_8)));
        config.etcd().caFile().ifPresent(ca -> {
            try {
                builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(ca)).build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot load etcd CA " + ca, e);
            }
        });
        return builder.build();
    }

    void closeEtcd(@Disposes Client client) {
        client.close();
    }

    @Produces
    @Singleton
    Admin kafkaAdmin(KelpConfig config) {
        int timeoutMs = (int) config.operator().requestTimeout().toMillis();
        Map<String, Object> properties = new HashMap<>(config.kafka().properties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "kelp-operator");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(properties);
    }

    void closeAdmin(@Disposes Admin admin) {
        admin.close();
    }

    @Produces
    @Singleton
    RestClient elasticsearchClient(KelpConfig config) {
        int timeoutMs = (int) config.operator().requestTimeout().toMillis();
        HttpHost[] hosts = config.elasticsearch().url().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        // Up to as many connections as reconciles run at once (the client's default is 10 per
        // host): Elasticsearch folds concurrent template writes into one cluster-state update, so
        // a burst of new collections is applied in batches instead of queueing in the client.
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(Math.min(timeoutMs, 5_000))
                        .setSocketTimeout(timeoutMs))
                .setHttpClientConfigCallback(http -> http.setMaxConnPerRoute(64).setMaxConnTotal(64));
        KelpConfig.Elasticsearch es = config.elasticsearch();
        if (es.apiKey().isPresent()) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + es.apiKey().get())});
        } else if (es.username().isPresent()) {
            String basic = Base64.getEncoder().encodeToString(
                    (es.username().get() + ":" + es.password().orElse("")).getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + basic)});
        }
        return builder.build();
    }

    void closeElasticsearch(@Disposes RestClient client) throws Exception {
        client.close();
    }

    @Produces
    @Singleton
    EtcdTaskStore taskStore(Client etcd, KelpConfig config) {
        return new EtcdTaskStore(etcd.getKVClient(), config.operator().requestTimeout());
    }

    @Produces
    @Singleton
    KafkaTopicHandler topicHandler(Admin admin, KelpConfig config) {
        return new KafkaTopicHandler(admin, new TopicStateReader(admin, Duration.ofMillis(5)),
                config.operator().requestTimeout());
    }

    @Produces
    @Singleton
    IndexTemplateHandler templateHandler(RestClient client) {
        return new IndexTemplateHandler(client);
    }

    @Produces
    @Singleton
    CollectionParts collectionParts(KafkaTopicHandler topics, IndexTemplateHandler templates, EtcdTaskStore tasks) {
        // One template write per reconcile in flight at most, so the pool never grows past the
        // framework's reconcile threads; idle threads end after a minute.
        AtomicInteger n = new AtomicInteger();
        return new CollectionParts(topics, templates, tasks, Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kelp-parts-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Produces
    @Singleton
    StatusWriter statusWriter(KelpConfig config) {
        return new StatusWriter(config.operator().serverSideApply());
    }

    /**
     * Picked up by the operator extension in the prod profile; null (no bean) leaves leader election
     * off, which a single replica or the mock API of tests needs.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(KelpConfig config) {
        KelpConfig.LeaderElection election = config.operator().leaderElection();
        if (!election.enabled()) {
            return null;
        }
        // The candidate's identity is the HOSTNAME (the pod name in a cluster); exits when it stops leading.
        return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace().orElse(null),
                election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
    }

    @Produces
    @Singleton
    EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
        return new EventRecorder(client, clock);
    }

    @Produces
    @Singleton
    TransferDeploymentHandler transferDeployments(KubernetesClient client) {
        return new TransferDeploymentHandler(client);
    }

    @Produces
    @Singleton
    MeasuredStatusPatcher measuredStatusPatcher(KubernetesClient client) {
        return new MeasuredStatusPatcher(client);
    }

    @Produces
    @Singleton
    TransferSecretHandler transferSecrets(KubernetesClient client) {
        return new TransferSecretHandler(client);
    }

    @Produces
    @Singleton
    TransferPlacement transferPlacement(KelpConfig config) {
        return new TransferPlacement(config.operator().transfer().clusterNamespace());
    }

    @Produces
    @Singleton
    TransferAutoscaler transferAutoscaler(Admin admin, TransferDeploymentHandler deployments, EventRecorder events,
            MeasuredStatusPatcher statusPatcher, WriteCounter writes, TransferPlacement placement, KelpConfig config) {
        return new TransferAutoscaler(new ConsumerLagReader(admin, config.operator().requestTimeout()), deployments,
                events, config.operator().autoscale().excludePersistentLag(), statusPatcher,
                config.operator().autoscale().statusInterval(), writes, placement);
    }

    @Produces
    @Singleton
    AgentStatusUpdater agentStatusUpdater(Client etcd, MeasuredStatusPatcher statusPatcher, WriteCounter writes,
            KelpConfig config) {
        return new AgentStatusUpdater(new HeartbeatReader(etcd.getKVClient(), config.operator().requestTimeout()),
                statusPatcher, writes);
    }

    /** One pipeline for both kinds; each reconciler delegates to it. */
    @Produces
    @Singleton
    CollectionPipeline collectionPipeline(CollectionParts parts, StatusWriter statusWriter, EventRecorder events,
            Instance<TransferPart> transfer, CollectionRemoval removal, RetentionSweep retention, WriteCounter writes,
            AgentStatusUpdater agentStatus, CollectionReadiness readiness, Clock clock) {
        return new CollectionPipeline(parts, statusWriter, events, transfer, removal, retention, writes, agentStatus,
                readiness, clock);
    }

    /** Null (no part) when transfer Deployments are not managed by this operator. */
    @Produces
    @Dependent
    TransferPart transferPart(TransferDeploymentHandler deployments, TransferSecretHandler secrets,
            TransferAutoscaler autoscaler, TransferPlacement placement, KelpConfig config) {
        if (!config.operator().transfer().manageDeployments()) {
            return null;
        }
        return new TransferPart(deployments, secrets, autoscaler,
                new TransferDeployment.Settings(config.operator().transfer().image(),
                        String.join(",", config.etcd().endpoints()), config.kafka().bootstrapServers(),
                        String.join(",", config.elasticsearch().url()), transferCredentials(config)),
                placement);
    }

    /** The operator's own connection secrets, handed on to the transfer pods through a Secret. */
    static TransferCredentials transferCredentials(KelpConfig config) {
        String etcdCa = config.etcd().caFile().map(file -> {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the etcd CA " + file, e);
            }
        }).orElse(null);
        KelpConfig.Elasticsearch es = config.elasticsearch();
        return new TransferCredentials(config.kafka().properties(), es.username().orElse(null),
                es.password().orElse(null), es.apiKey().orElse(null), config.etcd().user().orElse(null),
                config.etcd().password().orElse(null), etcdCa);
    }

    @Produces
    @Singleton
    IndexHandler indexHandler(RestClient client) {
        return new IndexHandler(client);
    }

    @Produces
    @Singleton
    CollectionRemoval collectionRemoval(EtcdTaskStore tasks, TransferAutoscaler autoscaler,
            TransferDeploymentHandler deployments, TransferSecretHandler secrets, TransferPlacement placement,
            KafkaTopicHandler topics, IndexTemplateHandler templates, IndexHandler indices) {
        return new CollectionRemoval(tasks, autoscaler, deployments, secrets, placement, topics, templates, indices);
    }

    @Produces
    @Singleton
    RetentionSweep retentionSweep(IndexHandler indices, EventRecorder events, WriteCounter writes, KelpConfig config) {
        return new RetentionSweep(indices, events, writes, config.operator().retentionInterval());
    }

    @Produces
    @Singleton
    WriteCounter writeCounter(MeterRegistry registry) {
        return new MicrometerWriteCounter(registry);
    }

    @Produces
    @Singleton
    CollectionReadiness collectionReadiness(MeterRegistry registry) {
        return new MicrometerCollectionReadiness(registry);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

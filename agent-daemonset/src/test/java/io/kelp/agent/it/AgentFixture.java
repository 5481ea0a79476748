package io.kelp.agent.it;

import io.etcd.jetcd.ByteSequence;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kelp.agent.AgentCounters;
import io.kelp.agent.AgentSettings;
import io.kelp.agent.assembly.RunningAgent;
import io.kelp.agent.etcd.EtcdAccess;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.EtcdServer;
import io.kelp.testkit.KelpServers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Real etcd, Kafka and Kubernetes API from the test kit, plus helpers to drive an in-process agent. */
final class AgentFixture {

    static final String NODE = "node-1";

    private AgentFixture() {
    }

    /** A collection in a namespace no other test uses, with its topic created. */
    static CollectionRef newCollection(String name) {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
        CollectionRef ref = new CollectionRef("it-" + suffix, name);
        KelpServers.kafka().createTopic(ref.topic(), 4);
        return ref;
    }

    static RunningAgent startAgent(Path podLogRoot, Path checkpointDir) {
        return startAgent(podLogRoot, checkpointDir, Map.of());
    }

    static RunningAgent startAgent(Path podLogRoot, Path checkpointDir, Map<String, Object> producerOverrides) {
        return startAgent(podLogRoot, checkpointDir, EtcdAccess.anonymous(KelpServers.etcd().endpoint()),
                producerOverrides);
    }

    static RunningAgent startAgent(Path podLogRoot, Path checkpointDir, EtcdAccess etcd,
                                   Map<String, Object> producerOverrides) {
        return startAgent(podLogRoot, checkpointDir, etcd, producerOverrides, AgentSettings.DEFAULT_MAX_OPEN_FILES);
    }

    static RunningAgent startAgent(Path podLogRoot, Path checkpointDir, EtcdAccess etcd,
                                   Map<String, Object> producerOverrides, int maxOpenFiles) {
        AgentSettings settings = new AgentSettings(NODE, NODE, podLogRoot, checkpointDir, 100, 200, 64 * 1024,
                512 * 1024, Map.of()).withMaxOpenFiles(maxOpenFiles);
        return RunningAgent.start(settings, new RunningAgent.Connections(etcd,
                KelpServers.kafka().bootstrapServers(), producerOverrides, 8L * 1024 * 1024,
                KelpServers.kubernetes().client(), 60_000), new AgentCounters());
    }

    static void putTask(CollectionRef ref, Map<String, String> matchLabels, List<String> containers) throws Exception {
        putRaw(ref.taskKey(), taskOf(ref, matchLabels, containers));
    }

    static byte[] taskOf(CollectionRef ref, Map<String, String> matchLabels, List<String> containers) {
        return new CollectionTask(ref, 1, CollectionTask.Source.of(List.of(ref.namespace()), matchLabels, containers),
                null, null).toJson();
    }

    static void putRaw(String key, byte[] value) throws Exception {
        putRaw(KelpServers.etcd(), key, value);
    }

    /** Into a given etcd, e.g. a test's own. */
    static void putTask(EtcdServer etcd, CollectionRef ref, Map<String, String> matchLabels, List<String> containers)
            throws Exception {
        putRaw(etcd, ref.taskKey(), taskOf(ref, matchLabels, containers));
    }

    static void putRaw(EtcdServer etcd, String key, byte[] value) throws Exception {
        etcd.client().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value)).get();
    }

    static void deleteTask(CollectionRef ref) throws Exception {
        deleteTask(KelpServers.etcd(), ref);
    }

    static void deleteTask(EtcdServer etcd, CollectionRef ref) throws Exception {
        etcd.client().getKVClient().delete(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8)).get();
    }

    static Pod createPod(String namespace, String name, Map<String, String> labels, String container) {
        return KelpServers.kubernetes().client().pods().resource(new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName(container).withImage("busybox")
                .endContainer().endSpec().build()).create();
    }

    static TopicReader reader(CollectionRef ref) {
        return new TopicReader(KelpServers.kafka().bootstrapServers(), ref.topic());
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

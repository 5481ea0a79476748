package io.kelp.bench;

import io.etcd.jetcd.ByteSequence;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.InstanceDirs;
import io.kelp.testkit.KelpServers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers and directories a benchmark runs on: the test kit's Kafka (in this JVM; only the
 * shippers' own processes are measured, so the broker's CPU is outside every figure alike) and etcd,
 * a scratch directory removed at the end, and a log directory that is kept.
 */
final class BenchRig implements AutoCloseable {

    static final int PARTITIONS = 4;

    private final Path workDir;
    private final Path logDir;

    private BenchRig(Path workDir, Path logDir) {
        this.workDir = workDir;
        this.logDir = logDir;
    }

    static BenchRig start(Path logDir) throws IOException {
        KelpServers.kafka();
        KelpServers.etcd();
        return new BenchRig(InstanceDirs.create("bench"), Files.createDirectories(logDir).toAbsolutePath());
    }

    Path workDir() {
        return workDir;
    }

    Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    String kafkaBootstrap() {
        return KelpServers.kafka().bootstrapServers();
    }

    String etcdEndpoint() {
        return KelpServers.etcd().endpoint();
    }

    TopicProgress newTopic(String topic) {
        KelpServers.kafka().createTopic(topic, PARTITIONS);
        return new TopicProgress(KelpServers.kafka().admin(), topic, PARTITIONS);
    }

    /** Puts a task selecting every container of {@code namespace} and shipping to {@code topic}. */
    void putTask(CollectionRef ref, String namespace, String topic) throws Exception {
        CollectionTask task = new CollectionTask(ref, 1, CollectionTask.Source.of(List.of(namespace), Map.of(), List.of()),
                null, new CollectionTask.Sink(topic, ref.indexPrefix()));
        KelpServers.etcd().client().getKVClient()
                .put(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8), ByteSequence.from(task.toJson()))
                .get(10, TimeUnit.SECONDS);
    }

    void deleteTask(CollectionRef ref) throws Exception {
        KelpServers.etcd().client().getKVClient().delete(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
    }

    /** Removes a directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        InstanceDirs.deleteQuietly(workDir);
    }
}

package io.kelp.transfer.it;

import io.kelp.contract.CollectionRef;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

/** The packaged app, run as the e2e test and Kubernetes run it: a child process. */
class TransferProcessIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** HTTP/1.1: the JDK client's h2c upgrade can hang against Vert.x. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ManagedProcess launch(CollectionRef ref, int httpPort, String name) {
        assertThat(JAR).as("packaged app (mvn package runs before the ITs)").exists();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kelp.transfer.collection", ref.toString());
        props.put("kelp.kafka.bootstrap-servers", KelpServers.kafka().bootstrapServers());
        props.put("kelp.elasticsearch.url", KelpServers.elasticsearch().url());
        props.put("kelp.etcd.endpoints", KelpServers.etcd().endpoint());
        props.put("kelp.transfer.bulk.max-documents", "1000");
        props.put("quarkus.http.port", Integer.toString(httpPort));
        return ManagedProcess.javaJar(name, JAR.toAbsolutePath(), props).start();
    }

    @Test
    void runsAsAProcessReportsHealthAndMetricsAndCommitsEverythingOnSigterm() throws Exception {
        CollectionRef ref = Fixture.newCollection("proc");
        Fixture.createTopic(ref, 2);
        int port = FreePorts.next();
        ManagedProcess transfer = launch(ref, port, "transfer-" + ref.name());
        try {
            transfer.waitUntilHttpOk("http://127.0.0.1:" + port + "/q/health/live", Duration.ofSeconds(60));
            assertThat(status(port, "/q/health/ready")).as("ready without a task").isEqualTo(503);

            Fixture.putTask(ref);
            transfer.waitUntilHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(30));
            Fixture.produce(ref, 0, 2_000, Fixture::twoDays);
            await("2000 documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 2_000);
            String metrics = body(port, "/q/metrics");
            assertThat(metrics).contains("kelp_transfer_documents_indexed_total 2000.0");
            assertThat(metrics).contains("kelp_transfer_bulk_seconds_count");
            // lag is sampled every 5 s; once everything is indexed every partition is at 0
            await("lag gauges at zero", Duration.ofSeconds(15), () -> {
                String m = bodyQuietly(port, "/q/metrics");
                return m.contains("kelp_transfer_lag{partition=\"0\",topic=\"" + ref.topic() + "\"} 0.0")
                        && m.contains("kelp_transfer_lag{partition=\"1\",topic=\"" + ref.topic() + "\"} 0.0");
            });
        } finally {
            transfer.stop(Duration.ofSeconds(40));
        }
        assertThat(transfer.exitCode()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(transfer.outputTail(200)).contains("stopped cleanly");
        // the fast-jar's class loader hides lz4-java from its own native detection (NativeLz4)
        assertThat(transfer.outputTail(Integer.MAX_VALUE)).as("Kafka decompresses with native lz4")
                .contains("Kafka decompresses lz4 with LZ4Factory:JNI");
        assertThat(Fixture.committedTotal(ref)).as("offsets committed at shutdown").isEqualTo(2_000);
    }

    @Test
    void sigkilledRepeatedlyMidStreamEndsWithExactlyTheProducedDocuments() throws Exception {
        CollectionRef ref = Fixture.newCollection("sigkill");
        // Enough that a kill after the next 2,000 visible documents still lands mid-stream: a fast
        // transfer indexes tens of thousands of documents between two looks at the count, and with
        // 40,000 it once had everything indexed before the third kill.
        int total = 200_000;
        Fixture.createTopic(ref, 3);
        Fixture.putTask(ref);
        // event-batch records, as the agent produces them
        long records = Fixture.produceEvents(ref, 0, total / 2, Fixture::twoDays);

        int kills = 0;
        for (int round = 0; round < 3; round++) {
            long before = count(ref.indexPattern());
            ManagedProcess transfer = launch(ref, FreePorts.next(), "transfer-" + ref.name() + "-" + round);
            // kill once it is visibly indexing, so bulks and commits are in flight
            await("progress before kill " + round, Duration.ofSeconds(90),
                    () -> count(ref.indexPattern()) >= before + 2_000 || !transfer.isAlive());
            assertThat(transfer.isAlive()).as(transfer.outputTail(30)).isTrue();
            transfer.kill();
            kills++;
            if (round == 0) {
                records += Fixture.produceEvents(ref, total / 2, total, Fixture::twoDays);
            }
        }
        assertThat(count(ref.indexPattern())).as("killed mid-stream").isLessThan(total);

        ManagedProcess last = launch(ref, FreePorts.next(), "transfer-" + ref.name() + "-last");
        try {
            await("all documents", Duration.ofSeconds(180), () -> count(ref.indexPattern()) >= total);
            long produced = records;
            await("all offsets committed", Duration.ofSeconds(30), () -> Fixture.committedTotal(ref) == produced);
        } finally {
            last.stop(Duration.ofSeconds(40));
        }
        assertThat(kills).isEqualTo(3);
        assertThat(count(ref.indexPattern())).isEqualTo(total);
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo((total - 1L) * total / 2);
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String bodyQuietly(int port, String path) {
        try {
            return body(port, path);
        } catch (Exception e) {
            return "";
        }
    }

    private static String body(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

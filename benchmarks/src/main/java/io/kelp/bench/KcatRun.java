package io.kelp.bench;

import io.kelp.testkit.ManagedProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * librdkafka's own command-line producer: {@code kcat -P -l} ships a file's lines as records and
 * exits once all are delivered. It runs under {@code /usr/bin/time}, which reports its exact CPU
 * time and peak RSS (kcat exits by itself, so /proc cannot be read at its end).
 */
final class KcatRun {

    private KcatRun() {
    }

    static PeerResult run(BenchRig rig, BenchInput input, String topic) throws IOException, InterruptedException {
        Path timeFile = rig.workDir().resolve("kcat.time");
        TopicProgress progress = rig.newTopic(topic);
        long start = System.nanoTime();
        ManagedProcess kcat = ManagedProcess.command("kcat", List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o",
                        timeFile.toString(), "kcat", "-P", "-b", rig.kafkaBootstrap(), "-t", topic, "-l", "-z", "lz4",
                        "-X", "acks=all", input.plainFile().toString()))
                .logFile(rig.logFile("kcat")).start();
        try {
            long end = progress.awaitRecords(input.lines(), Duration.ofMinutes(10), kcat::isAlive, "kcat");
            awaitExit(kcat);
            if (kcat.exitCode() != 0) {
                throw kcat.failure("exited with " + kcat.exitCode());
            }
            String[] time = Files.readString(timeFile).trim().split("\\s+");
            double cpu = Double.parseDouble(time[1]) + Double.parseDouble(time[2]);
            double rssMib = Long.parseLong(time[3]) / 1024.0;
            return new PeerResult("kcat", "kcat " + Peers.version("kcat") + ", librdkafka "
                    + Peers.version("librdkafka1"), (end - start) / 1e9, cpu, rssMib, progress.records(),
                    "CPU and RSS from /usr/bin/time; kcat's own exit after delivery: " + time[0] + " s");
        } finally {
            kcat.stop();
        }
    }

    private static void awaitExit(ManagedProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}

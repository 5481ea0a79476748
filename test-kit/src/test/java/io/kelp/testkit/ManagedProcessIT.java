package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessIT {

    @Test
    void stopTerminatesTheWholeProcessGroup() {
        ManagedProcess process = ManagedProcess.command("group-stop",
                List.of("bash", "-c", "sleep 300 & echo grandchild=$!; wait")).start();
        long grandchild = pidPrinted(process, "grandchild");

        process.stop(Duration.ofSeconds(5));

        assertThat(process.isAlive()).isFalse();
        awaitGone(grandchild, Duration.ofSeconds(5));
    }

    @Test
    void stopFallsBackToSigkillWhenTermIsIgnored() {
        ManagedProcess process = ManagedProcess.command("ignores-term",
                List.of("bash", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done")).start();
        process.waitForOutput("ready", Duration.ofSeconds(10));

        process.stop(Duration.ofMillis(500));

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).isEqualTo(137);
    }

    @Test
    void waitingFailsFastWithTheOutputTailWhenTheProcessExits() {
        ManagedProcess process = ManagedProcess.command("exits-early",
                List.of("bash", "-c", "echo 'config error: port missing'; exit 3")).start();

        assertThatThrownBy(() -> process.waitUntilHttpOk("http://127.0.0.1:1/never", Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("config error: port missing")
                .hasMessageContaining(process.logFile().toString());
    }

    @Test
    void waitUntilHttpOkReturnsOnceTheUrlAnswers() {
        EtcdServer etcd = KelpServers.etcd();
        ManagedProcess sleeper = ManagedProcess.command("http-ok", List.of("sleep", "30")).start();
        try {
            sleeper.waitUntilHttpOk(etcd.endpoint() + "/health", Duration.ofSeconds(5));
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.kill();
        }
    }

    @Test
    void childOfAJarAppDiesWhenThatJvmIsKilled(@TempDir Path dir) throws Exception {
        Path jar = probeJar(dir);
        ManagedProcess probe = ManagedProcess.javaJar("orphan-probe", jar, Map.of("probe.message", "hello child"))
                .start();
        probe.waitForOutput("message=hello child", Duration.ofSeconds(30));
        long child = pidPrinted(probe, "child-pid");
        assertThat(ProcessHandle.of(child)).isPresent();

        probe.kill(); // SIGKILL: no shutdown hooks run in the probe JVM

        awaitGone(child, Duration.ofSeconds(5));
    }

    /** A manifest-only jar whose Class-Path points at this module's classes, like a Quarkus fast-jar. */
    private static Path probeJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, OrphanProbe.class.getName());
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static long pidPrinted(ManagedProcess process, String label) {
        process.waitForOutput(label + "=", Duration.ofSeconds(30));
        Matcher matcher = Pattern.compile(label + "=(\\d+)").matcher(process.outputTail(100));
        assertThat(matcher.find()).as("%s printed in %s", label, process.outputTail(20)).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static void awaitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime()).as("pid %d still alive after %s", pid, timeout).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

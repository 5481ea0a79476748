package io.kelp.agent.app;

import io.kelp.agent.AgentCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Exposes the plain-Java {@link AgentCounters} as Prometheus metrics. */
@ApplicationScoped
public class AgentMetrics implements MeterBinder {

    @Inject
    AgentRuntime runtime;

    @Override
    public void bindTo(MeterRegistry registry) {
        AgentCounters c = runtime.counters();
        counter(registry, "kelp.agent.bytes.read", c.bytesRead, "Bytes read from log files");
        counter(registry, "kelp.agent.lines.read", c.linesRead, "Log events read (after partial reassembly)");
        counter(registry, "kelp.agent.records.shipped", c.recordsShipped, "Log events acknowledged by Kafka (many travel in one Kafka record)");
        counter(registry, "kelp.agent.bytes.shipped", c.bytesShipped, "Kafka record value bytes acknowledged by Kafka");
        counter(registry, "kelp.agent.records.failed", c.recordsFailed, "Kafka records (each of many events) whose delivery failed and was re-sent");
        counter(registry, "kelp.agent.producer.replacements", c.producerReplacements,
                "Kafka producers replaced after acknowledgements stalled");
        counter(registry, "kelp.agent.lines.truncated", c.linesTruncated, "Lines cut at the max line size");
        counter(registry, "kelp.agent.lines.malformed", c.linesMalformed, "Lines not in the expected format");
        counter(registry, "kelp.agent.lines.invalid.utf8", c.linesInvalidUtf8, "Lines with invalid UTF-8");
        counter(registry, "kelp.agent.lines.nul", c.linesWithNul, "Lines with NUL bytes");
        counter(registry, "kelp.agent.partials.incomplete", c.partialsIncomplete, "Partial lines without an end");
        counter(registry, "kelp.agent.lines.json.parsed", c.linesJsonParsed,
                "Lines of jsonFields tasks parsed into fields");
        counter(registry, "kelp.agent.lines.json.invalid", c.linesJsonInvalid,
                "Lines of jsonFields tasks that started like a JSON object but were not one");
        counter(registry, "kelp.agent.lines.not.json", c.linesNotJson,
                "Lines of jsonFields tasks that were plain text");
        counter(registry, "kelp.agent.tasks.invalid", c.invalidTasks, "Task values that did not parse");
        counter(registry, "kelp.agent.tasks.reloads", c.taskReloads, "Task changes applied");
        counter(registry, "kelp.agent.files.opened", c.filesOpened, "Files opened for tailing");
        counter(registry, "kelp.agent.files.rotations", c.rotations, "Rotations detected");
        counter(registry, "kelp.agent.files.truncations", c.truncations, "Truncations detected");
        counter(registry, "kelp.agent.checkpoints.written", c.checkpointsWritten, "Checkpoints written");
        counter(registry, "kelp.agent.checkpoints.errors", c.checkpointErrors, "Checkpoint writes that failed");
        counter(registry, "kelp.agent.checkpoints.deleted", c.checkpointsDeleted,
                "Checkpoints deleted because their file is gone");
        Timer reloads = Timer.builder("kelp.agent.reload.latency")
                .description("From a task change delivered by etcd to its files being tailed")
                .publishPercentiles(0.5, 0.99).register(registry);
        c.onReloadLatency(nanos -> reloads.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("kelp.agent.files.tailed", c.filesTailed, Number::doubleValue)
                .description("Files being tailed").register(registry);
        Gauge.builder("kelp.agent.files.waiting", c.filesWaiting, Number::doubleValue)
                .description("Files found but not opened yet: kelp.agent.max-open-files are tailed").register(registry);
        Gauge.builder("kelp.agent.bytes.behind", c.bytesBehind, Number::doubleValue)
                .description("Bytes written to tailed files and not read yet").register(registry);
        MultiGauge perFile = MultiGauge.builder("kelp.agent.file.bytes.behind")
                .description("Bytes written to a tailed file and not read yet").register(registry);
        // Rows are replaced once per checkpoint interval; files no longer tailed lose their gauge.
        c.onFilesBehind(behind -> perFile.register(behind.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("path", e.getKey()), e.getValue()))
                .toList(), true));
        Gauge.builder("kelp.agent.checkpoint.age.seconds", c.lastCheckpointMillis,
                        last -> last.get() == 0 ? 0 : (System.currentTimeMillis() - last.get()) / 1000.0)
                .description("Seconds since the last checkpoint write").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    }
}

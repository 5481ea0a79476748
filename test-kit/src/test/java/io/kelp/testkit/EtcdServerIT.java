package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EtcdServerIT {

    private final EtcdServer etcd = KelpServers.etcd();

    @Test
    void readsBackAPutValue() throws Exception {
        KV kv = etcd.client().getKVClient();
        kv.put(bytes("/testkit/put"), bytes("v1")).get(10, TimeUnit.SECONDS);
        var response = kv.get(bytes("/testkit/put")).get(10, TimeUnit.SECONDS);
        assertThat(response.getKvs()).hasSize(1);
        assertThat(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("v1");
    }

    @Test
    void watchSeesPutsAndDeletesUnderAPrefix() throws Exception {
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        ByteSequence prefix = bytes("/testkit/watch/");
        try (Watch.Watcher watcher = etcd.client().getWatchClient().watch(prefix,
                WatchOption.builder().isPrefix(true).build(), response -> events.addAll(response.getEvents()))) {
            KV kv = etcd.client().getKVClient();
            kv.put(bytes("/testkit/watch/a"), bytes("1")).get(10, TimeUnit.SECONDS);
            kv.delete(bytes("/testkit/watch/a")).get(10, TimeUnit.SECONDS);

            WatchEvent put = events.poll(10, TimeUnit.SECONDS);
            WatchEvent delete = events.poll(10, TimeUnit.SECONDS);
            assertThat(put).isNotNull();
            assertThat(put.getEventType()).isEqualTo(WatchEvent.EventType.PUT);
            assertThat(put.getKeyValue().getValue().toString(StandardCharsets.UTF_8)).isEqualTo("1");
            assertThat(delete).isNotNull();
            assertThat(delete.getEventType()).isEqualTo(WatchEvent.EventType.DELETE);
        }
    }

    @Test
    void keepsDataAndPortAcrossStopAndStart() throws Exception {
        KV kv = etcd.client().getKVClient();
        kv.put(bytes("/testkit/durable"), bytes("kept")).get(10, TimeUnit.SECONDS);
        String endpoint = etcd.endpoint();

        etcd.stop();
        assertThat(etcd.isRunning()).isFalse();
        etcd.start();

        assertThat(etcd.endpoint()).isEqualTo(endpoint);
        var response = kv.get(bytes("/testkit/durable")).get(30, TimeUnit.SECONDS);
        assertThat(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("kept");
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    @Test
    void comesBackWithItsDataAfterACrash() throws Exception {
        KV kv = etcd.client().getKVClient();
        kv.put(bytes("/testkit/crash"), bytes("survives")).get(10, TimeUnit.SECONDS);

        etcd.kill();
        assertThat(etcd.isRunning()).isFalse();
        etcd.start();

        var response = kv.get(bytes("/testkit/crash")).get(30, TimeUnit.SECONDS);
        assertThat(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("survives");
    }
}

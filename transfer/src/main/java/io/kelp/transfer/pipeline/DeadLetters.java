package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.ItemResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/** Where records Elasticsearch will never accept go, with the reason. Thread-safe. */
public interface DeadLetters {

    /** Returns once every letter is durably stored; throws when any is not (the caller retries all). */
    void publish(List<Letter> letters) throws Exception;

    record Letter(ConsumerRecord<byte[], byte[]> record, ItemResult error) {
    }
}

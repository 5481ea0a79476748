package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.ItemResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/** Where documents Elasticsearch will never accept go, with the reason. Thread-safe. */
public interface DeadLetters {

    /** Returns once every letter is durably stored; throws when any is not (the caller retries all). */
    void publish(List<Letter> letters) throws Exception;

    /**
     * One thing that could not be indexed.
     *
     * @param source the record it came from (its coordinates and timestamp go with the letter)
     * @param key    the letter's key: the document id, or the record key when there is no usable id
     * @param value  the letter's value: the document, the malformed event line, or the record value
     */
    record Letter(ConsumerRecord<byte[], byte[]> source, byte[] key, byte[] value, ItemResult error) {

        /** The whole record, as it came: records of the one-document layout, and unusable batches. */
        static Letter ofRecord(ConsumerRecord<byte[], byte[]> record, ItemResult error) {
            return new Letter(record, record.key(), record.value(), error);
        }
    }
}

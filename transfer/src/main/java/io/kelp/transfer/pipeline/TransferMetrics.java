package io.kelp.transfer.pipeline;

/** What the pipeline reports; the Quarkus layer backs it with Micrometer. Must be thread-safe. */
public interface TransferMetrics {

    void indexed(int documents);

    void bulkCompleted(long nanos, int documents, int bytes);

    void retried(int documents);

    void deadLettered(int documents);

    void lag(String topic, int partition, long lag);

    void forgetLag(String topic, int partition);

    void paused(boolean paused);

    TransferMetrics NONE = new TransferMetrics() {
        @Override
        public void indexed(int documents) {
        }

        @Override
        public void bulkCompleted(long nanos, int documents, int bytes) {
        }

        @Override
        public void retried(int documents) {
        }

        @Override
        public void deadLettered(int documents) {
        }

        @Override
        public void lag(String topic, int partition, long lag) {
        }

        @Override
        public void forgetLag(String topic, int partition) {
        }

        @Override
        public void paused(boolean paused) {
        }
    };
}

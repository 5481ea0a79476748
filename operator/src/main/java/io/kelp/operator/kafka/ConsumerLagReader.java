package io.kelp.operator.kafka;

import io.kelp.contract.CollectionRef;
import io.kelp.operator.autoscale.ConsumerLag.PartitionOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the offsets that make up each collection's consumer lag with four Admin calls for all
 * collections together (describe topics, group offsets, earliest and latest offsets), so the cost
 * of a scaling pass does not grow with one round trip per collection.
 */
public final class ConsumerLagReader {

    private final Admin admin;
    private final Duration timeout;

    public ConsumerLagReader(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Offsets per partition for each collection whose topic exists. */
    public Map<CollectionRef, Map<Integer, PartitionOffsets>> read(Collection<CollectionRef> refs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, CollectionRef> byTopic = new HashMap<>();
        refs.forEach(ref -> byTopic.put(ref.topic(), ref));
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(byTopic.keySet()).topicNameValues();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            TopicDescription description;
            try {
                description = topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException missing) {
                continue; // not created yet: the reconcile reports that, there is no lag to scale on
            }
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(topic.getKey(), p.partition())).toList();
            partitions.forEach(tp -> {
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            });
            groups.put(byTopic.get(topic.getKey()).consumerGroup(), new ListConsumerGroupOffsetsSpec().topicPartitions(partitions));
        }
        if (groups.isEmpty()) {
            return Map.of();
        }
        var committed = admin.listConsumerGroupOffsets(groups).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return byCollection(byTopic, committed, starts, ends);
    }

    private static Map<CollectionRef, Map<Integer, PartitionOffsets>> byCollection(Map<String, CollectionRef> byTopic,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        Map<CollectionRef, Map<Integer, PartitionOffsets>> result = new HashMap<>();
        for (TopicPartition tp : ends.keySet()) {
            CollectionRef ref = byTopic.get(tp.topic());
            Map<TopicPartition, OffsetAndMetadata> groupOffsets = committed.getOrDefault(ref.consumerGroup(), Map.of());
            OffsetAndMetadata offset = groupOffsets.get(tp);
            result.computeIfAbsent(ref, r -> new HashMap<>()).put(tp.partition(), new PartitionOffsets(
                    starts.get(tp).offset(), ends.get(tp).offset(), offset == null ? -1 : offset.offset()));
        }
        return result;
    }
}

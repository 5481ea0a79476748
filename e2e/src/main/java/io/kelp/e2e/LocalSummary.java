package io.kelp.e2e;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.util.List;

/** What the local stack prints once documents are searchable: documents per collection and pod, and queries to try. */
final class LocalSummary {

    private final ElasticsearchClient elasticsearch;
    private final String url;
    private final String kafka;

    LocalSummary(ElasticsearchClient elasticsearch, String url, String kafka) {
        this.elasticsearch = elasticsearch;
        this.url = url;
        this.kafka = kafka;
    }

    void print(List<CollectionRef> collections) throws IOException, InterruptedException {
        Thread.sleep(3000);
        System.out.println();
        for (CollectionRef collection : collections) {
            elasticsearch.indices().refresh(r -> r.index(collection.indexPattern()).allowNoIndices(true));
            var response = elasticsearch.search(s -> s.index(collection.indexPattern()).allowNoIndices(true).size(0)
                    .aggregations("pods", a -> a.terms(t -> t.field("kubernetes.pod.name"))), Void.class);
            System.out.println("Collection " + collection + " -> topic " + collection.topic() + ", indices "
                    + collection.indexPattern() + ":");
            for (StringTermsBucket bucket : response.aggregations().get("pods").sterms().buckets().array()) {
                System.out.printf("  %-14s %6d documents%n", bucket.key().stringValue(), bucket.docCount());
            }
        }
        System.out.println("  (pod db-0 is labelled app=db, which no collection selects: none of its lines are collected)");
        System.out.println();
        System.out.println("Try:");
        for (ExampleQueries.ExampleQuery query : ExampleQueries.ALL) {
            System.out.println("  # " + query.description());
            System.out.println("  " + query.curl(url));
        }
        System.out.println("Kafka: " + kafka + "; each collection's topic is listed above");
        System.out.println();
    }
}

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
        String web = new CollectionRef("shop", "web").indexPattern();
        System.out.println("  curl -s '" + url + "/" + web
                + "/_search?size=3&sort=@timestamp:desc&q=kubernetes.pod.name:web-7d9f' | python3 -m json.tool");
        System.out.println("  curl -s '" + url + "/kelp-*/_count?q=stream:stderr'");
        System.out.println("  # a Java stack trace, joined into one document by the checkout collection's multiline rule:");
        System.out.println("  curl -s '" + url + "/" + new CollectionRef("shop", "checkout").indexPattern()
                + "/_search?size=1&q=message:SocketTimeoutException' | python3 -m json.tool");
        String payments = new CollectionRef("shop", "payments").indexPattern();
        System.out.println("  # JSON lines of the payments collection: msg, level and time lifted into message,"
                + " log.level and @timestamp, the other fields under json.*:");
        System.out.println("  curl -s '" + url + "/" + payments + "/_search?size=1&q=log.level:warn' | python3 -m json.tool");
        System.out.println("  curl -s '" + url + "/" + payments + "/_count?q=json.card.brand:visa'");
        System.out.println("Kafka: " + kafka + "; each collection's topic is listed above");
        System.out.println();
    }
}

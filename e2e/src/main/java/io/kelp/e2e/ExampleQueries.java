package io.kelp.e2e;

import io.kelp.contract.CollectionRef;

import java.util.List;

/**
 * The queries the local stack prints for its user to try, each with what it shows. Every one must
 * find something in the example shop's logs: {@code ExampleQueriesIT} runs them against what the
 * stack writes.
 */
final class ExampleQueries {

    /**
     * One query to try: what it shows, and its Elasticsearch path with a query string already
     * URL-encoded, so that the printed curl line works pasted into a shell.
     */
    record ExampleQuery(String description, String path) {

        /** The line to paste: a search is pretty-printed, a count is one line anyway. */
        String curl(String elasticsearchUrl) {
            return "curl -s '" + elasticsearchUrl + path + "'" + (isCount() ? "" : " | python3 -m json.tool");
        }

        boolean isCount() {
            return path.contains("/_count?");
        }
    }

    private static final String WEB = new CollectionRef(ExampleShop.NAMESPACE, "web").indexPattern();
    private static final String CHECKOUT = new CollectionRef(ExampleShop.NAMESPACE, "checkout").indexPattern();
    private static final String PAYMENTS = new CollectionRef(ExampleShop.NAMESPACE, "payments").indexPattern();

    static final List<ExampleQuery> ALL = List.of(
            new ExampleQuery("the newest lines of one pod, with their Kubernetes fields:",
                    "/" + WEB + "/_search?size=3&sort=@timestamp:desc&q=kubernetes.pod.name:web-7d9f"),
            new ExampleQuery("lines written to stderr, in every collection:",
                    "/kelp-*/_count?q=stream:stderr"),
            // The standard analyzer keeps "java.net.SocketTimeoutException" as one token, so the
            // query names words of the message instead: the first line's "failed" and the cause's
            // "Read timed out" are in one document only if the lines were joined.
            new ExampleQuery("a Java stack trace, joined into one document by the checkout collection's multiline"
                    + " rule (its first line says \"failed\", its cause \"Read timed out\"):",
                    "/" + CHECKOUT + "/_search?size=1&q=message:failed%20AND%20message:%22read%20timed%20out%22"),
            new ExampleQuery("JSON lines of the payments collection: msg, level and time lifted into message,"
                    + " log.level and @timestamp, the other fields under json.*:",
                    "/" + PAYMENTS + "/_search?size=1&q=log.level:warn"),
            new ExampleQuery("payments by card brand, a field of the JSON lines:",
                    "/" + PAYMENTS + "/_count?q=json.card.brand:visa"));

    private ExampleQueries() {
    }
}

package io.kelp.e2e;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Appends realistic container log lines to example pod log files, in the styles Kelp's example
 * collections parse: nginx access logs, a Java service whose errors carry multi-line stack traces
 * (each stack line is its own CRI line, as the kubelet writes them) and a service that logs one
 * JSON object per line.
 */
final class SampleLogGenerator {

    enum Style { ACCESS_LOG, JAVA_SERVICE, JSON_LINES }

    private static final String[] PATHS = {"/", "/cart", "/items/42", "/checkout", "/api/v1/orders", "/healthz"};
    private static final int[] STATUSES = {200, 200, 200, 201, 304, 404, 500};
    private static final DateTimeFormatter JAVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private record Pod(PodLogWriter writer, Style style) {
    }

    private final Path podLogRoot;
    private final String namespace;
    private final List<Pod> pods = new ArrayList<>();
    private final Random random = new Random();
    private long orders = 1000;

    SampleLogGenerator(Path podLogRoot, String namespace) {
        this.podLogRoot = podLogRoot;
        this.namespace = namespace;
    }

    void addPod(String pod, String uid, String container, Style style) {
        pods.add(new Pod(new PodLogWriter(podLogRoot, namespace, pod, uid, container), style));
    }

    /** About {@code eventsPerPod} log events per pod; a stack trace counts as one event of several lines. */
    void writeBurst(int eventsPerPod) {
        for (Pod pod : pods) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < eventsPerPod; i++) {
                switch (pod.style()) {
                    case ACCESS_LOG -> accessLine(burst, STATUSES[random.nextInt(STATUSES.length)]);
                    case JAVA_SERVICE -> javaEvent(burst, random.nextInt(8) == 0);
                    case JSON_LINES -> jsonLine(burst, random.nextInt(10) == 0,
                            random.nextBoolean() ? "visa" : "mastercard");
                }
            }
            pod.writer().append(burst.toString());
        }
    }

    /**
     * One event of every kind per pod (a success and a failure of each style, both card brands), so
     * that each example query finds something however the random bursts fall: a stack trace is only
     * one event in eight.
     */
    void writeEveryKind() {
        for (Pod pod : pods) {
            StringBuilder events = new StringBuilder();
            switch (pod.style()) {
                case ACCESS_LOG -> {
                    accessLine(events, 200);
                    accessLine(events, 500);
                }
                case JAVA_SERVICE -> {
                    javaEvent(events, false);
                    javaEvent(events, true);
                }
                case JSON_LINES -> {
                    jsonLine(events, false, "visa");
                    jsonLine(events, true, "mastercard");
                }
            }
            pod.writer().append(events.toString());
        }
    }

    private void accessLine(StringBuilder out, int status) {
        if (status >= 500) {
            cri(out, "stderr", "ERROR upstream timed out while reading response header from upstream");
            return;
        }
        cri(out, "stdout", "10.0.0." + (1 + random.nextInt(254)) + " - - \"GET " + PATHS[random.nextInt(PATHS.length)]
                + " HTTP/1.1\" " + status + " " + (100 + random.nextInt(8900)));
    }

    private void javaEvent(StringBuilder out, boolean failure) {
        String time = LocalDateTime.now(ZoneOffset.UTC).format(JAVA_TIME);
        long order = orders++;
        if (!failure) {
            cri(out, "stdout", time + " INFO  [http-nio-8080-exec-" + (1 + random.nextInt(8))
                    + "] c.e.shop.checkout.CheckoutService - order " + order + " placed, total "
                    + (5 + random.nextInt(200)) + ".99 EUR");
            return;
        }
        cri(out, "stderr", time + " ERROR [http-nio-8080-exec-" + (1 + random.nextInt(8))
                + "] c.e.shop.checkout.CheckoutService - order " + order + " failed");
        cri(out, "stderr", "java.lang.IllegalStateException: payment declined for order " + order);
        cri(out, "stderr", "\tat com.example.shop.checkout.PaymentClient.authorize(PaymentClient.java:88)");
        cri(out, "stderr", "\tat com.example.shop.checkout.CheckoutService.placeOrder(CheckoutService.java:142)");
        cri(out, "stderr", "\tat com.example.shop.checkout.CheckoutController.checkout(CheckoutController.java:57)");
        cri(out, "stderr", "Caused by: java.net.SocketTimeoutException: Read timed out");
        cri(out, "stderr", "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)");
        cri(out, "stderr", "\t... 42 more");
    }

    private void jsonLine(StringBuilder out, boolean declined, String cardBrand) {
        long order = orders++;
        cri(out, "stdout", "{\"time\":\"" + Instant.now() + "\",\"level\":\"" + (declined ? "warn" : "info")
                + "\",\"msg\":\"" + (declined ? "payment declined" : "payment authorized") + "\",\"order_id\":" + order
                + ",\"amount\":" + (5 + random.nextInt(200)) + ".99,\"currency\":\"EUR\",\"card\":{\"brand\":\""
                + cardBrand + "\"}}");
    }

    private static void cri(StringBuilder out, String stream, String message) {
        out.append(Instant.now()).append(' ').append(stream).append(" F ").append(message).append('\n');
    }
}

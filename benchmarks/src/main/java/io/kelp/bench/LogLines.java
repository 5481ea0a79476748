package io.kelp.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic log lines of about 150 bytes: a mix of nginx-style access-log lines (60 %)
 * and Java application log lines (40 %, with levels, threads, loggers). The same seed gives the same
 * lines byte for byte, so every peer ships exactly the same input on every run.
 */
public final class LogLines {

    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v1/products/", "/api/v1/cart/", "/api/v1/orders/", "/static/js/app.",
            "/healthz", "/api/v1/users/", "/search?q="};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 201, 204, 301, 304, 404, 500};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "kube-probe/1.29",
            "Go-http-client/1.1", "okhttp/4.12.0"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    private static final String[] LOGGERS = {"c.e.shop.cart.CartService", "c.e.shop.order.OrderController",
            "o.h.engine.jdbc.spi.SqlExceptionHelper", "c.e.shop.payment.PaymentClient", "o.a.k.clients.NetworkClient"};
    private static final String[] EVENTS = {"added item sku=%s qty=%d to cart %s", "order %s placed, total=%d.%02d EUR",
            "payment %s authorized after %d ms, attempt %d", "cache miss for key product:%s, loaded in %d ms",
            "slow query on table orders took %d ms (threshold 200 ms), rows=%d"};

    private final SplittableRandom random;
    private long epochMillis;

    public LogLines(long seed, long startEpochMillis) {
        this.random = new SplittableRandom(seed);
        this.epochMillis = startEpochMillis;
    }

    /** Epoch millis of the line returned last; lines are about 0.1 ms apart, never going back. */
    public long epochMillis() {
        return epochMillis;
    }

    /** The next line, without a line terminator, ASCII only (so bytes and chars agree). */
    public byte[] next() {
        epochMillis += random.nextInt(2) == 0 ? 0 : 1;
        String line = random.nextInt(10) < 6 ? accessLine() : appLine();
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private String accessLine() {
        String path = PATHS[random.nextInt(PATHS.length)];
        String target = path.endsWith("/") ? path + random.nextInt(100_000)
                : path.endsWith(".") ? path + hex(8) + ".js" : path.endsWith("=") ? path + word() : path;
        return String.format("10.%d.%d.%d - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\" rt=0.%03d req=%s",
                random.nextInt(256), random.nextInt(256), random.nextInt(256), Timestamps.accessLog(epochMillis),
                METHODS[random.nextInt(METHODS.length)], target, STATUSES[random.nextInt(STATUSES.length)],
                random.nextInt(50_000), AGENTS[random.nextInt(AGENTS.length)], random.nextInt(1000), hex(16));
    }

    private String appLine() {
        int kind = random.nextInt(EVENTS.length);
        String event = switch (kind) {
            case 0 -> String.format(EVENTS[0], hex(6).toUpperCase(), 1 + random.nextInt(5), hex(8));
            case 1 -> String.format(EVENTS[1], hex(10), random.nextInt(500), random.nextInt(100));
            case 2 -> String.format(EVENTS[2], hex(12), random.nextInt(900), 1 + random.nextInt(3));
            case 3 -> String.format(EVENTS[3], random.nextInt(1_000_000), random.nextInt(80));
            default -> String.format(EVENTS[4], 200 + random.nextInt(3000), random.nextInt(10_000));
        };
        return String.format("%s %-5s [http-nio-8080-exec-%d] [trace=%s] %s - %s", Timestamps.appLog(epochMillis),
                LEVELS[random.nextInt(LEVELS.length)], 1 + random.nextInt(200), hex(16), LOGGERS[random.nextInt(LOGGERS.length)],
                event);
    }

    private String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private String word() {
        String[] words = {"shoes", "red+jacket", "laptop", "coffee+beans", "usb-c+cable", "garden+chair"};
        return words[random.nextInt(words.length)];
    }
}

package dev.mailgate.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver for webhook tests: records every request (path, headers, body, arrival) and answers each path
 * with scripted statuses, used up one per request, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String path, Map<String, String> headers, String body, Instant at, int answered) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            String path = exchange.getRequestURI().getPath();
            Integer status;
            synchronized (script) {
                Deque<Integer> q = script.get(path);
                status = q == null || q.isEmpty() ? 200 : q.poll();
            }
            received.add(new Received(path, headers, new String(body, StandardCharsets.UTF_8), Instant.now(), status));
            if (status >= 300 && status < 400) {
                // Where a client that follows redirects would go next: the test sees it if one does.
                exchange.getResponseHeaders().add("Location", "/redirected");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} get these statuses, in order. */
    public void answer(String path, Integer... statuses) {
        synchronized (script) {
            script.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void reset() {
        synchronized (script) {
            script.clear();
        }
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

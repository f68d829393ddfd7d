package dev.mailgate.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Delivers the stored webhook events: claims due deliveries (as many as it may make at once), posts each signed
 * payload, and records the result. Any 2xx is delivered; anything else, or no answer within the timeout, is retried
 * on the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default) and then failed; 410 Gone switches the
 * endpoint off until the next restart. At least once: a receiver may see an event twice (a process that died after
 * the POST and before recording it), and de-duplicates by webhook-id.
 */
@ApplicationScoped
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class);
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final Endpoints endpoints;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Traces traces;
    private final List<Duration> schedule;
    private final int slots;
    private final boolean enabled;
    private final String owner = "mailgate-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore signal = new Semaphore(0);
    private final Map<String, WebhookStore.Claimed> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;

    public WebhookWorker(WebhookStore store, WebhookSender sender, Endpoints endpoints, ObjectMapper json,
            MeterRegistry registry, MailgateConfig config, Traces traces) {
        this.traces = traces;
        this.store = store;
        this.sender = sender;
        this.endpoints = endpoints;
        this.json = json;
        this.registry = registry;
        this.schedule = List.copyOf(config.webhooks().retrySchedule());
        this.slots = Math.max(1, config.webhooks().concurrency());
        this.enabled = config.outbox().workerEnabled();
        Gauge.builder("mailgate_webhook_pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet made (including those waiting for a retry)").register(registry);
    }

    /** After the store is open (its migrations ran at a higher priority). */
    void start(@Observes @Priority(dev.mailgate.store.StoreStartup.PRIORITY + 200) StartupEvent event) {
        if (!enabled || !endpoints.any()) {
            return;
        }
        running = true;
        Thread.ofPlatform().name("mailgate-webhooks").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        signal.release();
    }

    /** Events were stored: look now rather than at the next poll. */
    public void wake() {
        signal.release();
    }

    private void loop() {
        Instant countAt = Instant.EPOCH;
        while (running) {
            try {
                Instant now = Instant.now();
                if (!now.isBefore(countAt)) {
                    pending.set(store.pending());
                    countAt = now.plusSeconds(5);
                }
                int free = slots - inFlight.size();
                if (free > 0) {
                    List<WebhookStore.Claimed> claimed = store.claim(free, owner, now, now.plus(LEASE),
                            endpoints.disabled()).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    claimed.forEach(this::deliver);
                    if (!claimed.isEmpty() && claimed.size() == free) {
                        continue;
                    }
                }
                signal.tryAcquire(1, TimeUnit.SECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                LOG.errorf(e, "webhooks: %s", e.getMessage());
                sleep();
            }
        }
    }

    private void deliver(WebhookStore.Claimed d) {
        var endpoint = endpoints.get(d.endpoint());
        if (endpoint.isEmpty()) {
            finish(d, new WebhookStore.Result("failed", null, null, "the endpoint " + d.endpoint()
                    + " is no longer configured"), "failed");
            return;
        }
        inFlight.put(d.event() + "/" + d.endpoint(), d);
        try {
            post(d, endpoint.get());
        } catch (RuntimeException e) {
            // Nothing was posted: the slot is given back and the delivery retried, not stranded.
            retry(d, null, "mailgate could not make the request: " + e.getMessage());
        }
    }

    private void post(WebhookStore.Claimed d, Endpoints.Endpoint endpoint) {
        // In the trace of the request that sent the message; the receiver gets this span as its parent.
        Span span = traces.client("webhook POST", d.traceparent()).setAttribute("mailgate.webhook.endpoint", d.endpoint())
                .setAttribute("mailgate.webhook.event", d.type()).setAttribute("mailgate.attempt", d.attempts() + 1)
                .startSpan();
        sender.post(endpoint, d.event(), payload(d), Traces.of(span)).onItemOrFailure().invoke((status, f) -> {
            if (status != null) {
                span.setAttribute("http.response.status_code", status);
            }
            if (f != null || status < 200 || status >= 300) {
                span.setStatus(StatusCode.ERROR, f != null ? String.valueOf(f.getMessage()) : "HTTP " + status);
            }
            span.end();
        }).subscribe().with(status -> {
            if (status >= 200 && status < 300) {
                finish(d, new WebhookStore.Result("delivered", null, status, null), "delivered");
            } else if (status == 410) {
                endpoints.gone(d.endpoint());
                finish(d, new WebhookStore.Result("pending", Instant.now(), status, "410 Gone: the endpoint is off"
                        + " until mailgate restarts"), "gone");
            } else {
                retry(d, status, "the endpoint answered " + status);
            }
        }, failure -> retry(d, null, failure instanceof WebhookSender.RefusedException ? failure.getMessage()
                : "no answer: " + failure.getMessage()));
    }

    private void retry(WebhookStore.Claimed d, Integer status, String error) {
        if (d.attempts() < schedule.size()) {
            finish(d, new WebhookStore.Result("pending", Instant.now().plus(schedule.get(d.attempts())), status,
                    error), "retried");
        } else {
            LOG.warnf("webhook %s to %s failed after %d attempts: %s", d.event(), d.endpoint(), d.attempts() + 1, error);
            finish(d, new WebhookStore.Result("failed", null, status, error), "failed");
        }
    }

    private void finish(WebhookStore.Claimed d, WebhookStore.Result r, String result) {
        Counter.builder("mailgate_webhook_deliveries_total").description("Webhook delivery attempts, by result")
                .tag("endpoint", d.endpoint()).tag("result", result).register(registry).increment();
        store.finish(d, r).whenComplete((applied, e) -> {
            if (e != null) {
                // The lease runs out and the delivery is made again: at least once.
                LOG.warnf("webhooks: the result of %s to %s was not recorded: %s", d.event(), d.endpoint(), e.getMessage());
            }
            inFlight.remove(d.event() + "/" + d.endpoint());
            signal.release();
        });
    }

    /** The body: the same bytes on every attempt of the event, so its signature covers exactly what was stored. */
    String payload(WebhookStore.Claimed d) {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean aboutTheList = EventType.fromWire(d.type()).map(EventType::aboutTheList).orElse(false);
        try {
            if (aboutTheList) {
                // The entry itself: address, reason, note, since, ... (no message of its own).
                data.putAll(json.readValue(d.data(), new TypeReference<Map<String, Object>>() {
                }));
                return body(d, data);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        data.put("id", d.message());
        data.put("messageId", d.messageId());
        data.put("status", d.status());
        data.put("attempt", d.attempt());
        data.put("outcome", d.outcome());
        data.put("smtpCode", d.smtpCode());
        data.put("smtpReply", d.smtpReply());
        try {
            data.put("recipients", d.recipients() == null ? List.of()
                    : json.readValue(d.recipients(), new TypeReference<List<String>>() {
                    }));
            if (d.data() != null) {
                data.putAll(json.readValue(d.data(), new TypeReference<Map<String, Object>>() {
                }));
            }
            return body(d, data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String body(WebhookStore.Claimed d, Map<String, Object> data) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", d.type());
        body.put("timestamp", d.at().toString());
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mailgate.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One signed POST to an endpoint (Standard Webhooks headers), answering with the HTTP status. The endpoint's name is
 * resolved and checked by the {@link NetworkGuard} first, and the connection goes to the checked address. Redirects
 * are not followed: a 3xx is a failed attempt like any other non-2xx.
 */
@ApplicationScoped
class WebhookSender {

    private final HttpClient client;
    private final NetworkGuard guard;
    private final Duration timeout;

    WebhookSender(Vertx vertx, MailgateConfig config) {
        this.timeout = config.webhooks().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(Math.max(1, config.webhooks().concurrency())).setKeepAlive(true)
                .setTrustAll(false).setVerifyHost(true));
        this.guard = new NetworkGuard(config.webhooks().allowPrivateNetworks(), NetworkGuard::resolve);
    }

    Uni<Integer> post(Endpoints.Endpoint endpoint, String id, String body, String traceparent) {
        return Uni.createFrom().item(() -> {
            try {
                return guard.check(endpoint.url().getHost());
            } catch (NetworkGuard.ForbiddenAddressException e) {
                throw new RefusedException(e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(address -> send(endpoint, address, id, body, traceparent));
    }

    private Uni<Integer> send(Endpoints.Endpoint endpoint, InetAddress address, String id, String body,
            String traceparent) {
        long timestamp = Instant.now().getEpochSecond();
        boolean https = "https".equals(endpoint.url().getScheme());
        int port = endpoint.url().getPort() > 0 ? endpoint.url().getPort() : https ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint.url().toString())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false).setIdleTimeout(timeout.toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "mailgate-webhooks")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", Signer.sign(endpoint.key(), id, timestamp, body));
        if (traceparent != null) {
            options.putHeader("traceparent", traceparent);
        }
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + timeout.toMillis() + " ms (mailgate.webhooks.timeout)"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The endpoint's address is one mailgate does not send to. */
    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message, null, false, false);
        }
    }
}

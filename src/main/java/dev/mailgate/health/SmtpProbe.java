package dev.mailgate.health;

import java.time.Duration;
import java.time.Instant;

import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.NetClient;
import io.vertx.mutiny.core.net.NetSocket;

/**
 * Connects to the SMTP server, waits for its 220 greeting and says QUIT. No credentials are sent, so certificate
 * checks are skipped here (delivery verifies them). Results are cached; concurrent probes share one connection.
 */
public class SmtpProbe {

    public record Result(boolean up, Instant at, String detail) {
    }

    private final NetClient client;
    private final String host;
    private final int port;
    private final Duration timeout;
    private volatile Result last;
    private volatile Uni<Result> inFlight;

    /** One account's server. */
    SmtpProbe(Vertx vertx, String host, int port, boolean implicitTls, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.client = vertx.createNetClient(new NetClientOptions().setSsl(implicitTls).setTrustAll(implicitTls).setHostnameVerificationAlgorithm("")
                .setConnectTimeout((int) timeout.toMillis()));
    }

    public String target() {
        return host + ":" + port;
    }

    /** The cached result if younger than maxAge, else a new probe. */
    public synchronized Uni<Result> result(Duration maxAge) {
        Result r = last;
        if (r != null && Duration.between(r.at(), Instant.now()).compareTo(maxAge) < 0) {
            return Uni.createFrom().item(r);
        }
        if (inFlight == null) {
            inFlight = probe().invoke(res -> {
                last = res;
                inFlight = null;
            }).memoize().indefinitely();
        }
        return inFlight;
    }

    private Uni<Result> probe() {
        return client.connect(port, host)
                .chain(this::greeting)
                .ifNoItem().after(timeout).fail()
                .map(greeting -> greeting.startsWith("220")
                        ? new Result(true, Instant.now(), "greeting received")
                        : new Result(false, Instant.now(), "unexpected greeting: " + firstLine(greeting)))
                .onFailure().recoverWithItem(e -> new Result(false, Instant.now(),
                        "cannot reach the SMTP server: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }

    private Uni<String> greeting(NetSocket socket) {
        return socket.toMulti().map(Buffer::toString).toUni()
                .ifNoItem().after(timeout).fail()
                .onTermination().call(() -> socket.write("QUIT\r\n").onTermination().call(socket::close)
                        .onFailure().recoverWithNull());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}

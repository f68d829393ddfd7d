package dev.mailgate.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.mailencoder.EncodedPart;
import org.jboss.logging.Logger;

/**
 * The SMTP dialogue: setting a connection up (greeting, EHLO, STARTTLS, AUTH) and one mail transaction on it. Failure
 * texts name the phase in the words of the Vert.x mail client, which is what the outcome classifier reads.
 */
final class SmtpSession {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    private static final Pattern MECHANISM_REFUSED = Pattern.compile("(?i)mechanism|not supported|unsupported"
            + "|unrecognized auth|not implemented|invalid (base64|input|data|format|syntax|characters)|malformed"
            + "|syntax error|cannot decode|can't decode");

    private final SmtpSettings settings;
    /** Whether this account's server has been seen refusing PLAIN: warned once. */
    private volatile boolean fellBack;

    SmtpSession(SmtpSettings settings) {
        this.settings = settings;
    }

    Future<SmtpConnection> open(SmtpConnection c) {
        return c.greeting()
                .compose(g -> g.code() == 220 ? ehlo(c) : failWith(c, g.failure("got error response")))
                .compose(v -> startTls(c))
                .compose(v -> settings.authenticates() ? authenticate(c) : Future.<Void>succeededFuture())
                .map(v -> c)
                .onFailure(t -> c.close());
    }

    private Future<Void> ehlo(SmtpConnection c) {
        return c.command("EHLO " + settings.ownHostName()).compose(r -> {
            if (r.positive()) {
                c.capabilities(r);
                return Future.succeededFuture();
            }
            return c.command("HELO " + settings.ownHostName())
                    .compose(h -> h.positive() ? Future.<Void>succeededFuture() : Future.failedFuture(h.failure("helo failed")));
        });
    }

    private Future<Void> startTls(SmtpConnection c) {
        if (settings.implicitTls() || "DISABLED".equals(settings.startTls())) {
            return Future.succeededFuture();
        }
        if (!c.supports("STARTTLS")) {
            return "REQUIRED".equals(settings.startTls())
                    ? Future.failedFuture(new IllegalStateException("STARTTLS required but not supported by server"))
                    : Future.succeededFuture();
        }
        return c.command("STARTTLS")
                .compose(r -> r.code() == 220 ? c.socket().upgradeToSsl(settings.host())
                        : Future.failedFuture(r.failure("got error response")))
                .compose(v -> ehlo(c));
    }

    private Future<Void> authenticate(SmtpConnection c) {
        String user = settings.username().orElse("");
        String password = settings.password().orElse("");
        List<String> offered = c.parameters("AUTH");
        String method = settings.authMethods().stream().filter(offered::contains).findFirst().orElse(null);
        if (method == null) {
            return Future.failedFuture(new IllegalStateException("no supported auth methods found: the server offers "
                    + offered + ", mailgate may use " + settings.authMethods() + " (quarkus.mailer.auth-methods)"));
        }
        if ("PLAIN".equals(method)) {
            boolean loginToo = offered.contains("LOGIN") && settings.authMethods().contains("LOGIN");
            return c.command("AUTH PLAIN " + base64("\0" + user + "\0" + password)).compose(r -> {
                if (r.code() == 235) {
                    return Future.succeededFuture();
                }
                if (loginToo && refusesTheMechanism(r)) {
                    // Some servers (QQ for some clients, Naver, world4you) offer PLAIN and refuse it in practice.
                    if (!fellBack) {
                        fellBack = true;
                        LOG.warnf("%s:%d refused AUTH PLAIN (%s) although it offers it; logging in with AUTH LOGIN"
                                + " instead (quarkus.mailer.auth-methods=LOGIN saves the round trip)", settings.host(),
                                settings.port(), String.join(" ", r.lines()));
                    }
                    return login(c, user, password);
                }
                return Future.failedFuture(r.failure("AUTH PLAIN failed"));
            });
        }
        return login(c, user, password);
    }

    /**
     * A refusal of the mechanism or of how the credentials were encoded, not of the credentials: 504 (mechanism not
     * supported, RFC 4954), or a 502 or 535 whose text says so.
     */
    static boolean refusesTheMechanism(SmtpReply r) {
        if (r.code() == 504) {
            return true;
        }
        return (r.code() == 502 || r.code() == 535)
                && MECHANISM_REFUSED.matcher(String.join(" ", r.lines())).find();
    }

    private Future<Void> login(SmtpConnection c, String user, String password) {
        return c.command("AUTH LOGIN")
                .compose(r -> r.code() == 334 ? c.command(base64(user)) : Future.succeededFuture(r))
                .compose(r -> r.code() == 334 ? c.command(base64(password)) : Future.succeededFuture(r))
                .compose(r -> r.code() == 235 ? Future.succeededFuture() : Future.failedFuture(r.failure("AUTH LOGIN failed")));
    }

    /**
     * MAIL and RCPT (pipelined when offered), DATA, the message and the final dot. A refusal ends the transaction with
     * RSET, which leaves the connection reusable (RFC 5321 4.1.1.5): a refused recipient must not cost a new TCP, TLS
     * and AUTH round, which QQ counts against its connection-frequency limit.
     * <p>
     * DATA joins the pipelined group only for a single recipient. Once a server has said 354 the only ways out are a
     * message or a dropped connection; with several recipients, one refused and one accepted, that message would
     * reach the accepted one, so DATA waits for every envelope reply there. With one recipient there is nobody it
     * could reach after a refusal: a 354 is answered with a lone dot, which delivers nothing (RFC 2920 3.1).
     */
    Future<Void> transaction(SmtpConnection c, String from, List<String> recipients,
            java.util.function.Function<io.vertx.core.Context, MessageWriter> message, SmtpAttempt attempt, Vertx vertx) {
        c.reusable(false);
        MessageWriter writer = message.apply(vertx.getOrCreateContext());
        long size = writer.size();
        long limit = c.parameters("SIZE").stream().mapToLong(SmtpSession::number).findFirst().orElse(0);
        if (limit > 0 && size > limit) {
            c.reusable(true); // nothing was said to the server
            return Future.failedFuture(new SmtpReply(552, List.of("552 5.3.4 The message (" + size
                    + " bytes) is larger than the server's limit of " + limit + " bytes")).failure("sending data failed"));
        }
        // The durable handoff mark is written alongside the envelope and data; only the final dot waits for it.
        attempt.handoff(vertx.getOrCreateContext());
        List<String> envelope = new ArrayList<>();
        envelope.add("MAIL FROM:<" + from + ">" + (c.supports("SIZE") ? " SIZE=" + size : "")
                + (writer.eightBit() && c.supports("8BITMIME") ? " BODY=8BITMIME" : ""));
        recipients.forEach(r -> envelope.add("RCPT TO:<" + r + ">"));
        boolean pipelined = settings.pipelining() && c.supports("PIPELINING");
        boolean dataToo = pipelined && recipients.size() == 1;
        if (dataToo) {
            envelope.add("DATA");
        }
        Future<List<SmtpReply>> replies = pipelined
                ? Future.all(c.pipeline(envelope)).map(all -> all.<SmtpReply>list())
                : sequentially(c, envelope, 0, new ArrayList<>());
        Future<SmtpReply> data = dataToo
                ? replies.compose(r -> {
                    List<SmtpReply> env = r.subList(0, r.size() - 1);
                    SmtpReply dataReply = r.getLast();
                    Optional<Throwable> refused = refusal(env);
                    if (refused.isPresent()) {
                        return dataReply.code() == 354 ? emptyData(c, refused.get()) : abandon(c, refused.get());
                    }
                    return Future.succeededFuture(dataReply);
                })
                : replies.compose(r -> refusal(r).<Future<SmtpReply>>map(f -> abandon(c, f)).orElseGet(() -> c.command("DATA")));
        return data
                .compose(r -> r.code() == 354 ? Future.<Void>succeededFuture()
                        : abandon(c, r.failure("DATA command not accepted")))
                .compose(v -> writer.write(c, attempt))
                .compose(r -> {
                    // The transaction is over either way; only a closing server (421) leaves the connection unusable.
                    c.reusable(r.code() != 421);
                    return r.positive() ? Future.succeededFuture() : Future.failedFuture(r.failure("sending data failed"));
                });
    }

    /** The envelope was refused but DATA accepted: a lone dot ends it, delivering to nobody, and the session is clean. */
    private static <T> Future<T> emptyData(SmtpConnection c, Throwable refusal) {
        return c.send(io.vertx.core.buffer.Buffer.buffer(".\r\n")).transform(r -> {
            c.reusable(r.succeeded() && r.result().code() != 421);
            return Future.failedFuture(refusal);
        });
    }

    /** Sends commands one at a time, stopping at the first refusal (the replies so far are returned). */
    private static Future<List<SmtpReply>> sequentially(SmtpConnection c, List<String> commands, int i,
            List<SmtpReply> replies) {
        if (i == commands.size()) {
            return Future.succeededFuture(replies);
        }
        return c.command(commands.get(i)).compose(r -> {
            replies.add(r);
            return r.positive() ? sequentially(c, commands, i + 1, replies) : Future.succeededFuture(replies);
        });
    }

    /** The first refused envelope command, as the failure the classifier reads; the first is MAIL, the rest RCPT. */
    private static Optional<Throwable> refusal(List<SmtpReply> replies) {
        for (int i = 0; i < replies.size(); i++) {
            SmtpReply r = replies.get(i);
            if (!r.positive()) {
                return Optional.of(r.failure(i == 0 ? "sender address not accepted"
                        : "recipient address not accepted"));
            }
        }
        return Optional.empty();
    }

    /** Ends a refused transaction with RSET; the connection goes back to the pool if the server agrees. */
    private static <T> Future<T> abandon(SmtpConnection c, Throwable refusal) {
        if (!c.open() || refusal instanceof SMTPException e && e.getReplyCode() == 421) {
            return Future.failedFuture(refusal);
        }
        return c.command("RSET").transform(r -> {
            c.reusable(r.succeeded() && r.result().code() == 250);
            return Future.failedFuture(refusal);
        });
    }

    private static <T> Future<T> failWith(SmtpConnection c, Throwable t) {
        c.close();
        return Future.failedFuture(t);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

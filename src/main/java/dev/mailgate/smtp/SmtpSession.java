package dev.mailgate.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.mailencoder.EncodedPart;

/**
 * The SMTP dialogue: setting a connection up (greeting, EHLO, STARTTLS, AUTH) and one mail transaction on it. Failure
 * texts name the phase in the words of the Vert.x mail client, which is what the outcome classifier reads.
 */
final class SmtpSession {

    private final SmtpSettings settings;

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
            return c.command("AUTH PLAIN " + base64("\0" + user + "\0" + password))
                    .compose(r -> r.code() == 235 ? Future.succeededFuture() : Future.failedFuture(r.failure("AUTH PLAIN failed")));
        }
        return c.command("AUTH LOGIN")
                .compose(r -> r.code() == 334 ? c.command(base64(user)) : Future.succeededFuture(r))
                .compose(r -> r.code() == 334 ? c.command(base64(password)) : Future.succeededFuture(r))
                .compose(r -> r.code() == 235 ? Future.succeededFuture() : Future.failedFuture(r.failure("AUTH LOGIN failed")));
    }

    /** MAIL, RCPT and DATA (pipelined when offered), the message, and the final dot. */
    Future<Void> transaction(SmtpConnection c, String from, List<String> recipients, EncodedPart message, long size,
            SmtpAttempt attempt, Vertx vertx) {
        long limit = c.parameters("SIZE").stream().mapToLong(SmtpSession::number).findFirst().orElse(0);
        if (limit > 0 && size > limit) {
            return Future.failedFuture(new SmtpReply(552, List.of("552 5.3.4 The message (about " + size
                    + " bytes) is larger than the server's limit of " + limit + " bytes")).failure("sending data failed"));
        }
        List<String> envelope = new ArrayList<>();
        envelope.add("MAIL FROM:<" + from + ">" + (c.supports("SIZE") ? " SIZE=" + size : ""));
        recipients.forEach(r -> envelope.add("RCPT TO:<" + r + ">"));
        envelope.add("DATA");
        Future<Void> ready = settings.pipelining() && c.supports("PIPELINING")
                ? checkAll(c.pipeline(envelope), 0)
                : sequentially(c, envelope, 0);
        return ready
                .compose(v -> MessageWriter.write(message, c, vertx.getOrCreateContext(), attempt::finalDot))
                .compose(r -> r.positive() ? Future.succeededFuture() : Future.failedFuture(r.failure("sending data failed")));
    }

    private static Future<Void> sequentially(SmtpConnection c, List<String> commands, int i) {
        if (i == commands.size()) {
            return Future.succeededFuture();
        }
        return c.command(commands.get(i))
                .compose(r -> check(r, i, commands.size()))
                .compose(v -> sequentially(c, commands, i + 1));
    }

    private static Future<Void> checkAll(List<Future<SmtpReply>> replies, int i) {
        if (i == replies.size()) {
            return Future.succeededFuture();
        }
        return replies.get(i).compose(r -> check(r, i, replies.size())).compose(v -> checkAll(replies, i + 1));
    }

    /** The first command is MAIL, the last DATA (which wants 354), the ones between are RCPT. */
    private static Future<Void> check(SmtpReply r, int i, int count) {
        if (i == count - 1) {
            return r.code() == 354 ? Future.succeededFuture() : Future.failedFuture(r.failure("DATA command not accepted"));
        }
        if (r.positive()) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(r.failure(i == 0 ? "sender address not accepted" : "recipient address not accepted"));
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

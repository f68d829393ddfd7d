package dev.mailgate.smtp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * One SMTP connection: writes commands, and matches each complete reply to the oldest command waiting for one, which
 * is all pipelining needs. When the socket closes, everything still waiting fails with an {@link IOException}.
 */
final class SmtpConnection {

    private static final long QUIT_WAIT_MS = 1_000;

    private final NetSocket socket;
    private final Deque<Promise<SmtpReply>> waiting = new ArrayDeque<>();
    private final List<String> partial = new ArrayList<>();
    private volatile boolean closed;
    /** Whether the last transaction left the session in its initial state, so the connection can be pooled. */
    private volatile boolean reusable;
    private volatile long idleSince = System.nanoTime();
    private List<String> capabilities = List.of();

    SmtpConnection(NetSocket socket) {
        this.socket = socket;
        socket.handler(RecordParser.newDelimited("\r\n", this::line));
        socket.closeHandler(v -> closed(new IOException("the SMTP server closed the connection")));
        socket.exceptionHandler(this::closed);
    }

    NetSocket socket() {
        return socket;
    }

    boolean open() {
        return !closed;
    }

    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    boolean reusable() {
        return reusable && !closed;
    }

    void reusable(boolean reusable) {
        this.reusable = reusable;
    }

    void markIdle() {
        idleSince = System.nanoTime();
    }

    /** The reply to what the server says unasked: its greeting. */
    Future<SmtpReply> greeting() {
        return expect();
    }

    Future<SmtpReply> command(String line) {
        Future<SmtpReply> reply = expect();
        socket.write(line + "\r\n");
        return reply;
    }

    /** Several commands in one write; the replies come back in order. */
    List<Future<SmtpReply>> pipeline(List<String> lines) {
        List<Future<SmtpReply>> replies = new ArrayList<>(lines.size());
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            replies.add(expect());
            sb.append(l).append("\r\n");
        }
        socket.write(sb.toString());
        return replies;
    }

    /** Data whose last line expects a reply, such as the end of a message with its final dot. */
    Future<SmtpReply> send(Buffer data) {
        Future<SmtpReply> reply = expect();
        socket.write(data);
        return reply;
    }

    Future<Void> write(Buffer data) {
        return socket.write(data);
    }

    void capabilities(SmtpReply ehlo) {
        capabilities = ehlo.texts().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    boolean supports(String keyword) {
        return capabilities.stream().anyMatch(c -> c.equals(keyword) || c.startsWith(keyword + " ")
                || c.startsWith(keyword + "="));
    }

    /** Parameters of an EHLO keyword, e.g. the mechanisms after AUTH; empty if not offered. */
    List<String> parameters(String keyword) {
        return capabilities.stream().filter(c -> c.startsWith(keyword + " ") || c.startsWith(keyword + "="))
                .flatMap(c -> List.of(c.substring(keyword.length() + 1).trim().split("\\s+")).stream()).toList();
    }

    void close() {
        closed = true;
        socket.close();
    }

    /**
     * Says goodbye politely (RFC 5321 4.1.1.10) before a close mailgate chose (idle expiry, shutdown): the server
     * then logs a clean end instead of a lost connection. Waits briefly for its 221.
     */
    Future<Void> quit(Vertx vertx) {
        if (closed) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(QUIT_WAIT_MS, id -> done.tryComplete());
        command("QUIT").onComplete(r -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future().onComplete(v -> close());
    }

    private synchronized Future<SmtpReply> expect() {
        Promise<SmtpReply> p = Promise.promise();
        if (closed) {
            p.fail(new IOException("the SMTP connection is closed"));
        } else {
            waiting.add(p);
        }
        return p.future();
    }

    private void line(Buffer buffer) {
        String line = SmtpReply.decode(buffer.getBytes());
        partial.add(line);
        if (line.length() > 3 && line.charAt(3) == '-') {
            return; // more lines of this reply follow
        }
        int code;
        try {
            code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
        } catch (NumberFormatException e) {
            code = 0;
        }
        SmtpReply reply = new SmtpReply(code, List.copyOf(partial));
        partial.clear();
        Promise<SmtpReply> p;
        synchronized (this) {
            p = waiting.poll();
        }
        if (p != null) {
            p.complete(reply);
        } else if (code == 421) {
            close(); // the server is shutting this connection down, unasked
        }
    }

    private void closed(Throwable cause) {
        List<Promise<SmtpReply>> failed;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(waiting);
            waiting.clear();
        }
        // Kept as is: a TLS failure must stay recognisable as one.
        failed.forEach(p -> p.tryFail(cause));
    }
}

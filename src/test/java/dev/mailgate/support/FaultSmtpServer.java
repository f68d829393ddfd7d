package dev.mailgate.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * A scripted SMTP server on a real socket, for failure tests. Each step of the dialogue answers normally unless an
 * action was queued for it; queued actions are used up one per occurrence, across connections, in order. It counts
 * what a real server would have accepted, so tests can assert "0 or 1, never 2".
 */
public final class FaultSmtpServer implements AutoCloseable {

    /** AUTH_PLAIN answers AUTH PLAIN alone (else AUTH does); AUTH answers both mechanisms. */
    public enum Step { GREETING, AUTH_PLAIN, AUTH, MAIL, RCPT, DATA, DOT }

    private static final String GBK_MARK = "\u0000gbk\u0000";

    /** What the server does at a step: reply with a code and text, close the connection, or never answer. */
    public record Action(int code, String text, boolean closes, boolean silent, long delayMs) {
        public static Action reply(int code, String text) {
            return new Action(code, text, false, false, 0);
        }

        /** Replies, but only after a while: a slow server, for in-flight and timeout tests. */
        public static Action slowReply(Duration delay, int code, String text) {
            return new Action(code, text, false, false, delay.toMillis());
        }

        /** A reply whose text the server sends GBK-encoded. */
        public static Action gbkReply(int code, String text) {
            return new Action(code, GBK_MARK + text, false, false, 0);
        }

        public static Action drop() {
            return new Action(0, null, true, false, 0);
        }

        public static Action hang() {
            return new Action(0, null, false, true, 0);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<Step, Deque<Action>> script = new EnumMap<>(Step.class);
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> messageIds = new CopyOnWriteArrayList<>();
    private final List<String> acceptedIds = new CopyOnWriteArrayList<>();
    private volatile String lastLogin;
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicInteger> commands = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<NetSocket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedOverTls = new AtomicInteger();
    private final boolean startTls;
    private final int port;
    private volatile NetServer server;
    private volatile Duration idleClose;
    private volatile long sizeLimit = 52_428_800;
    private final List<Long> declaredSizes = new CopyOnWriteArrayList<>();
    private final List<String> mailCommands = new CopyOnWriteArrayList<>();
    private final List<Long> receivedSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger bareLineFeeds = new AtomicInteger();

    public FaultSmtpServer() {
        this(false);
    }

    /**
     * @param startTls offer STARTTLS, with GreenMail's self-signed certificate (so clients must be told to trust it);
     *        GreenMail itself has no STARTTLS, so this is how the 587 presets are exercised.
     */
    public FaultSmtpServer(boolean startTls) {
        this.startTls = startTls;
        this.server = listen(0);
        this.port = server.actualPort();
    }

    /** Messages accepted on a connection that had been upgraded with STARTTLS. */
    public int acceptedOverTls() {
        return acceptedOverTls.get();
    }

    public int port() {
        return port;
    }

    /** Queues actions for a step; each later occurrence of the step uses up one. */
    public synchronized FaultSmtpServer on(Step step, Action... actions) {
        Deque<Action> queue = script.computeIfAbsent(step, s -> new ArrayDeque<>());
        queue.addAll(List.of(actions));
        return this;
    }

    /** Closes every connection that has been idle (between transactions) for this long, like real providers do. */
    public FaultSmtpServer closeIdleAfter(Duration idle) {
        this.idleClose = idle;
        return this;
    }

    /** The SIZE the server advertises and enforces, at MAIL FROM and at the end of the data (as Postfix does). */
    public FaultSmtpServer sizeLimit(long bytes) {
        this.sizeLimit = bytes;
        return this;
    }

    /** Each MAIL FROM command as it came, parameters included. */
    public List<String> mailCommands() {
        return List.copyOf(mailCommands);
    }

    /** The SIZE= each MAIL FROM declared, in order. */
    public List<Long> declaredSizes() {
        return List.copyOf(declaredSizes);
    }

    /** The size of each message whose data reached the final dot, as stored (dot-stuffing undone, CRLF counted). */
    public List<Long> receivedSizes() {
        return List.copyOf(receivedSizes);
    }

    /** Lines of message data that held a bare LF, which RFC 5321 forbids and strict servers refuse. */
    public int bareLineFeeds() {
        return bareLineFeeds.get();
    }

    /** The Message-ID of every message whose data reached the server, accepted or not, in order. */
    public List<String> messageIds() {
        return List.copyOf(messageIds);
    }

    /** The Message-ID of every message the server accepted (its final dot arrived), in order. */
    public List<String> acceptedMessageIds() {
        return List.copyOf(acceptedIds);
    }

    /** Forgets the queued actions only: counters and recorded ids stay (a test that restarts its client). */
    public synchronized void clearScript() {
        script.clear();
    }

    /** The last login the server saw, as "MECHANISM user:password", decoded. */
    public String lastLogin() {
        return lastLogin;
    }

    public int accepted() {
        return accepted.get();
    }

    public int connections() {
        return connections.get();
    }

    /** How many times a command (its verb: RSET, QUIT, DATA, ...) was received. */
    public int commands(String verb) {
        AtomicInteger n = commands.get(verb);
        return n == null ? 0 : n.get();
    }

    /** Forgets the script and the counters, and closes open connections (the client's pool must cope). */
    public synchronized void reset() {
        script.clear();
        idleClose = null;
        sizeLimit = 52_428_800;
        declaredSizes.clear();
        mailCommands.clear();
        bareLineFeeds.set(0);
        receivedSizes.clear();
        accepted.set(0);
        messageIds.clear();
        acceptedIds.clear();
        lastLogin = null;
        acceptedOverTls.set(0);
        connections.set(0);
        commands.clear();
        open.forEach(s -> s.close());
        open.clear();
    }

    /** Stops listening: new connections are refused until {@link #resume()}. */
    public void refuse() {
        await(server.close().toCompletionStage().toCompletableFuture());
        open.forEach(s -> s.close());
    }

    public void resume() {
        server = listen(port);
    }

    @Override
    public void close() {
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    /** The queued action for a step, without using it up. */
    private synchronized Action nextIs(Step step) {
        Deque<Action> queue = script.get(step);
        return queue == null ? null : queue.peek();
    }

    private synchronized Action next(Step step) {
        Deque<Action> queue = script.get(step);
        return queue == null ? null : queue.poll();
    }

    private NetServer listen(int onPort) {
        NetServerOptions options = new NetServerOptions().setHost("127.0.0.1").setPort(onPort);
        if (startTls) {
            // Not ssl=true: the connection starts in plain text and is upgraded on STARTTLS.
            options.setKeyCertOptions(new PfxOptions().setPath("greenmail.p12").setPassword("changeit"));
        }
        NetServer s = vertx.createNetServer(options);
        s.connectHandler(socket -> new Session(socket).start());
        return await(s.listen().toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One SMTP connection. */
    private final class Session {
        private final NetSocket socket;
        private final RecordParser parser;
        private boolean inData;
        private long dataSize;
        private String currentId;
        /** Recipients accepted in this transaction: without one, DATA is refused and nothing can be accepted. */
        private int recipients;
        private boolean mailOk;
        private String authState;
        private String loginUser;
        private long idleTimer = -1;

        Session(NetSocket socket) {
            this.socket = socket;
            this.parser = RecordParser.newDelimited("\r\n", this::line);
        }

        void start() {
            connections.incrementAndGet();
            open.add(socket);
            socket.closeHandler(v -> open.remove(socket));
            socket.handler(parser);
            if (act(Step.GREETING, 220, "fault.test ESMTP ready")) {
                armIdle();
            }
        }

        /** Performs the queued action for a step, or the default reply. Returns false if the session ended. */
        private boolean act(Step step, int code, String text) {
            Action a = next(step);
            if (a == null) {
                send(code + " " + text);
                return true;
            }
            if (a.closes()) {
                socket.close();
                return false;
            }
            if (a.silent()) {
                return false;
            }
            if (a.delayMs() > 0) {
                sendLater(a.delayMs(), a.code() + " " + a.text());
            } else {
                send(a.code() + " " + a.text());
            }
            return a.code() < 400;
        }

        private void line(Buffer buffer) {
            String line = buffer.toString();
            if (inData) {
                if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    currentId = line.substring(11).trim();
                    messageIds.add(currentId);
                }
                if (line.indexOf('\n') >= 0) {
                    bareLineFeeds.incrementAndGet();
                }
                if (!line.equals(".")) {
                    dataSize += (line.startsWith(".") ? line.length() - 1 : line.length()) + 2;
                }
                if (line.equals(".")) {
                    inData = false;
                    receivedSizes.add(dataSize);
                    Action a = recipients == 0 ? Action.reply(554, "5.5.1 Error: no valid recipients")
                            : dataSize > sizeLimit ? Action.reply(552, "5.3.4 Error: message file too big") : next(Step.DOT);
                    recipients = 0;
                    mailOk = false;
                    if (a == null || a.code() > 0 && a.code() < 400 || a.closes() || a.silent()) {
                        // The message is in; a drop or hang now loses only the reply.
                        accepted.incrementAndGet();
                        acceptedIds.add(String.valueOf(currentId));
                        if (socket.isSsl()) {
                            acceptedOverTls.incrementAndGet();
                        }
                    }
                    if (a == null) {
                        send("250 2.0.0 Ok: queued");
                    } else if (a.closes()) {
                        socket.close();
                    } else if (a.delayMs() > 0) {
                        sendLater(a.delayMs(), a.code() + " " + a.text());
                    } else if (!a.silent()) {
                        send(a.code() + " " + a.text());
                    }
                    armIdle();
                }
                return;
            }
            cancelIdle();
            String upper = line.toUpperCase();
            if (authState == null) {
                commands.computeIfAbsent(upper.split(" ", 2)[0], k -> new AtomicInteger()).incrementAndGet();
            }
            if (authState != null) {
                auth(line);
            } else if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                send("250-fault.test\r\n" + (startTls && !socket.isSsl() ? "250-STARTTLS\r\n" : "")
                        + "250-AUTH PLAIN LOGIN\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE " + sizeLimit);
            } else if (upper.equals("STARTTLS") && startTls) {
                send("220 2.0.0 Ready to start TLS");
                socket.upgradeToSsl();
            } else if (upper.startsWith("AUTH PLAIN")) {
                if (upper.trim().equals("AUTH PLAIN")) {
                    authState = "plain";
                    send("334 ");
                } else {
                    String[] parts = decode(line.substring(11).trim()).split("\u0000", -1);
                    lastLogin = parts.length == 3 ? "PLAIN " + parts[1] + ":" + parts[2] : "PLAIN (malformed)";
                    act(nextIs(Step.AUTH_PLAIN) != null ? Step.AUTH_PLAIN : Step.AUTH, 235,
                            "2.7.0 Authentication successful");
                }
            } else if (upper.startsWith("AUTH LOGIN")) {
                authState = "user";
                send("334 VXNlcm5hbWU6");
            } else if (upper.startsWith("MAIL FROM")) {
                recipients = 0;
                mailOk = false;
                mailCommands.add(line);
                java.util.regex.Matcher size = java.util.regex.Pattern.compile("SIZE=(\\d+)").matcher(upper);
                long declared = size.find() ? Long.parseLong(size.group(1)) : -1;
                declaredSizes.add(declared);
                if (declared > sizeLimit) {
                    send("552 5.3.4 Message size exceeds fixed limit");
                } else {
                    mailOk = act(Step.MAIL, 250, "2.1.0 Ok");
                }
            } else if (upper.startsWith("RCPT TO")) {
                if (!mailOk) {
                    send("503 5.5.1 Error: need MAIL command");
                } else if (act(Step.RCPT, 250, "2.1.5 Ok")) {
                    recipients++;
                }
            } else if (upper.equals("DATA")) {
                dataSize = 0;
                currentId = null;
                if (recipients == 0 && nextIs(Step.DATA) == null) {
                    send("554 5.5.1 Error: no valid recipients"); // Postfix's answer
                } else {
                    inData = act(Step.DATA, 354, "End data with <CR><LF>.<CR><LF>");
                }
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                recipients = upper.equals("RSET") ? 0 : recipients;
                mailOk = !upper.equals("RSET") && mailOk;
                send("250 2.0.0 Ok");
            } else if (upper.equals("QUIT")) {
                send("221 2.0.0 Bye");
                socket.close();
                return;
            } else {
                send("502 5.5.2 Command not recognized");
            }
            armIdle();
        }

        private void auth(String line) {
            if ("user".equals(authState)) {
                authState = "password";
                loginUser = decode(line);
                send("334 UGFzc3dvcmQ6");
            } else {
                if ("password".equals(authState)) {
                    lastLogin = "LOGIN " + loginUser + ":" + decode(line);
                }
                authState = null;
                act(Step.AUTH, 235, "2.7.0 Authentication successful");
            }
        }

        private static String decode(String base64) {
            try {
                return new String(java.util.Base64.getDecoder().decode(base64.trim()), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "(not base64)";
            }
        }

        /**
         * Replies leave in the order of their commands, as a real server's do under pipelining: a slow reply holds back
         * the ones after it.
         */
        private final Deque<Object[]> replies = new ArrayDeque<>();
        private boolean waiting;

        private void sendLater(long delayMs, String reply) {
            replies.add(new Object[] { delayMs, reply });
            pump();
        }

        private void send(String reply) {
            sendLater(0, reply);
        }

        private void pump() {
            while (!waiting && !replies.isEmpty()) {
                Object[] next = replies.poll();
                long delay = (Long) next[0];
                if (delay > 0) {
                    waiting = true;
                    vertx.setTimer(delay, id -> {
                        waiting = false;
                        write((String) next[1]);
                        pump();
                    });
                } else {
                    write((String) next[1]);
                }
            }
        }

        private void write(String reply) {
            // Text marked GBK goes out in that charset, as QQ's replies sometimes do.
            socket.write(reply.startsWith(GBK_MARK, 4)
                    ? Buffer.buffer((reply.substring(0, 4) + reply.substring(4 + GBK_MARK.length()) + "\r\n")
                            .getBytes(java.nio.charset.Charset.forName("GBK")))
                    : Buffer.buffer(reply + "\r\n"));
        }

        private void armIdle() {
            Duration idle = idleClose;
            if (idle != null && !inData) {
                idleTimer = vertx.setTimer(idle.toMillis(), id -> socket.close());
            }
        }

        private void cancelIdle() {
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
                idleTimer = -1;
            }
        }
    }
}

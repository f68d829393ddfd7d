package dev.mailgate.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mail.mailencoder.EncodedPart;

/**
 * Writes a message encoded by the Vert.x mail encoder as SMTP DATA, in a few large writes instead of one network write
 * per line: text runs go out as single buffers, streamed attachments are piped with back-pressure. Lines starting
 * with "." are doubled (RFC 5321 4.5.2), and every line ends in CRLF, header folds included (the encoder folds with a
 * bare LF, which strict servers refuse).
 * <p>
 * The pieces are laid out before anything is sent, so the message's size is known for the {@code SIZE} parameter of
 * MAIL FROM: exactly for text, and for a streamed attachment from its length (base64 in 76-character lines).
 */
final class MessageWriter {

    private final List<Object> pieces = new ArrayList<>();
    private final StringBuilder text = new StringBuilder(4096);
    private final Context context;
    private long size;
    private boolean eightBit;

    private MessageWriter(Context context) {
        this.context = context;
    }

    /** Lays the message out; nothing is read from streams yet. */
    static MessageWriter of(EncodedPart message, Context context) {
        MessageWriter w = new MessageWriter(context);
        w.part(message);
        w.text.append(".\r\n");
        w.size -= 3; // the final dot ends the data; it is not part of the message
        w.endText();
        return w;
    }

    /**
     * A message as bytes: lines starting with "." doubled, bare LF and CR made CRLF, and the final dot added. Nothing
     * else is touched, so 8-bit bodies (GBK, UTF-8) go out byte for byte.
     */
    static MessageWriter ofRaw(byte[] message, Context context) {
        MessageWriter w = new MessageWriter(context);
        io.vertx.core.buffer.Buffer out = io.vertx.core.buffer.Buffer.buffer(message.length + message.length / 50 + 8);
        boolean lineStart = true;
        long size = 0;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                out.appendByte((byte) '\r').appendByte((byte) '\n');
                size += 2;
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
                continue;
            }
            w.eightBit |= b < 0;
            if (lineStart && b == '.') {
                out.appendByte((byte) '.'); // stuffing, not part of the message
            }
            out.appendByte(b);
            size++;
            lineStart = false;
        }
        if (!lineStart) {
            out.appendByte((byte) '\r').appendByte((byte) '\n');
            size += 2;
        }
        // Written in two pieces, like a composed message: the final dot goes last, after the handoff.
        w.pieces.add(out);
        w.pieces.add(io.vertx.core.buffer.Buffer.buffer(".\r\n"));
        w.size = size;
        return w;
    }

    /** Whether the message has bytes past ASCII (a submitted 8-bit body), to be declared as BODY=8BITMIME. */
    boolean eightBit() {
        return eightBit;
    }

    /** The message's size in bytes, without dot-stuffing: exact, or at most a few bytes over for streamed parts. */
    long size() {
        return size;
    }

    /**
     * The whole DATA section. The final dot travels in the same write as the end of the message, and only once the
     * attempt's {@link Handoff} agreed and the attempt was not given up meanwhile. Completes with the server's reply
     * to the dot.
     */
    Future<SmtpReply> write(SmtpConnection connection, SmtpAttempt attempt) {
        int last = pieces.size() - 1;
        return next(0, last, connection)
                .compose(v -> attempt.handoff(context))
                .compose(agreed -> !agreed
                        ? Future.failedFuture(new ClaimLostException())
                        : attempt.finalDot() ? connection.send((Buffer) pieces.get(last))
                                : Future.failedFuture(new IllegalStateException("delivery attempt given up")));
    }

    private void part(EncodedPart p) {
        for (Map.Entry<String, String> h : p.headers()) {
            text.append(h.getKey()).append(": ");
            crlf(h.getValue());
            text.append("\r\n");
        }
        text.append("\r\n");
        if (p.parts() != null && !p.parts().isEmpty()) {
            for (EncodedPart child : p.parts()) {
                text.append("--").append(p.boundary()).append("\r\n");
                part(child);
            }
            text.append("--").append(p.boundary()).append("--\r\n");
        } else if (p.body() != null) {
            lines(p.body());
        } else {
            endText();
            pieces.add(p.bodyStream(context)); // base64 lines, never starting with "."
            size += base64Bound(p.size());
        }
    }

    /** A header value with every line break as CRLF. */
    private void crlf(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                if (i == 0 || value.charAt(i - 1) != '\r') {
                    text.append('\r');
                }
            }
            text.append(c);
        }
    }

    /**
     * The stream's bytes, from what the encoder reports for it: {@code size / 3 * 4} of the raw length, rounded down.
     * Its base64 is at most 4 characters longer, and each 76-character line adds CRLF.
     */
    static long base64Bound(long encoderSize) {
        long chars = encoderSize + 4;
        return chars + 2 * ((chars + 75) / 76);
    }

    /** The body's "\n"-separated lines with CRLF, as Vert.x splits them (trailing empty lines dropped), no copies. */
    private void lines(String body) {
        int end = body.length();
        while (end > 0 && body.charAt(end - 1) == '\n') {
            end--;
        }
        int start = 0;
        while (start < end) {
            int nl = body.indexOf('\n', start);
            int stop = nl < 0 || nl > end ? end : nl;
            if (body.charAt(start) == '.') {
                text.append('.');
                size--; // stuffing is not part of the message
            }
            text.append(body, start, stop).append("\r\n");
            start = stop + 1;
        }
    }

    private void endText() {
        if (!text.isEmpty()) {
            Buffer b = Buffer.buffer(text.toString());
            size += b.length();
            pieces.add(b);
            text.setLength(0);
        }
    }

    @SuppressWarnings("unchecked")
    private Future<Void> next(int i, int end, SmtpConnection c) {
        if (i == end) {
            return Future.succeededFuture();
        }
        Object piece = pieces.get(i);
        // A buffer's future completes once it is handed to the kernel, which paces the next piece.
        Future<Void> written = piece instanceof Buffer b ? c.write(b)
                : ((ReadStream<Buffer>) piece).pipe().endOnComplete(false).to(c.socket());
        return written.compose(v -> next(i + 1, end, c));
    }
}

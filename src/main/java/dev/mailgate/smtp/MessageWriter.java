package dev.mailgate.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mail.mailencoder.EncodedPart;

/**
 * Writes a message encoded by the Vert.x mail encoder as SMTP DATA, byte for byte what the Vert.x client writes, but
 * in a few large writes instead of one network write per line: text runs go out as single buffers, streamed
 * attachments are piped with back-pressure. Lines starting with "." are doubled (RFC 5321 4.5.2).
 */
final class MessageWriter {

    private final List<Object> pieces = new ArrayList<>();
    private final StringBuilder text = new StringBuilder(4096);
    private final Context context;

    private MessageWriter(Context context) {
        this.context = context;
    }

    /**
     * The whole DATA section. The final dot travels in the same write as the end of the message, and only if
     * {@code finalDot} still allows it (the attempt may have been given up meanwhile). Completes with the server's
     * reply to the dot.
     */
    static Future<SmtpReply> write(EncodedPart message, SmtpConnection connection, Context context,
            BooleanSupplier finalDot) {
        MessageWriter w = new MessageWriter(context);
        w.part(message);
        w.text.append(".\r\n");
        w.endText();
        int last = w.pieces.size() - 1;
        return w.next(0, last, connection).compose(v -> finalDot.getAsBoolean()
                ? connection.send((Buffer) w.pieces.get(last))
                : Future.failedFuture(new IllegalStateException("delivery attempt given up")));
    }

    private void part(EncodedPart p) {
        for (Map.Entry<String, String> h : p.headers()) {
            text.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
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
        }
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
            }
            text.append(body, start, stop).append("\r\n");
            start = stop + 1;
        }
    }

    private void endText() {
        if (!text.isEmpty()) {
            pieces.add(Buffer.buffer(text.toString()));
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

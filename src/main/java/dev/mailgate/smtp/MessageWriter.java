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

    /** Everything up to, not including, the final dot. */
    static Future<Void> write(EncodedPart message, SmtpConnection connection, Context context) {
        MessageWriter w = new MessageWriter(context);
        w.part(message);
        w.endText();
        return w.next(0, connection);
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
            for (String line : p.body().split("\n")) {
                if (line.startsWith(".")) {
                    text.append('.');
                }
                text.append(line).append("\r\n");
            }
        } else {
            endText();
            pieces.add(p.bodyStream(context)); // base64 lines, never starting with "."
        }
    }

    private void endText() {
        if (!text.isEmpty()) {
            pieces.add(Buffer.buffer(text.toString()));
            text.setLength(0);
        }
    }

    @SuppressWarnings("unchecked")
    private Future<Void> next(int i, SmtpConnection c) {
        if (i == pieces.size()) {
            return Future.succeededFuture();
        }
        Object piece = pieces.get(i);
        // A buffer's future completes once it is handed to the kernel, which paces the next piece.
        Future<Void> written = piece instanceof Buffer b ? c.write(b)
                : ((ReadStream<Buffer>) piece).pipe().endOnComplete(false).to(c.socket());
        return written.compose(v -> next(i + 1, c));
    }
}

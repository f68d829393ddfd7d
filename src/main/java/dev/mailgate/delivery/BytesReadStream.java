package dev.mailgate.delivery;

import java.util.Arrays;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An in-memory attachment as a stream, so the encoder base64-encodes it in small steps as the socket drains, instead
 * of building the whole base64 text (a third larger than the data) and then a copy of it to send.
 */
final class BytesReadStream implements ReadStream<Buffer> {

    private static final int CHUNK = 57 * 1024;

    private final byte[] bytes;
    private final Context context;
    private int position;
    private long demand = Long.MAX_VALUE;
    private boolean scheduled;
    private boolean ended;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;

    BytesReadStream(byte[] bytes, Context context) {
        this.bytes = bytes;
        this.context = context;
    }

    @Override
    public synchronized ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this; // reading memory cannot fail
    }

    @Override
    public synchronized ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        schedule();
        return this;
    }

    @Override
    public synchronized ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public synchronized ReadStream<Buffer> fetch(long amount) {
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        schedule();
        return this;
    }

    @Override
    public synchronized ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        if (ended && endHandler != null) {
            context.runOnContext(v -> endHandler.handle(null)); // the data ran out before anyone asked
        }
        return this;
    }

    private void schedule() {
        if (!scheduled && handler != null && demand > 0) {
            scheduled = true;
            context.runOnContext(v -> emit());
        }
    }

    /** One chunk per turn of the event loop, so a paused consumer is heard between chunks. */
    private void emit() {
        Handler<Buffer> h;
        Buffer chunk = null;
        Handler<Void> end = null;
        synchronized (this) {
            scheduled = false;
            h = handler;
            if (h == null || demand == 0) {
                return;
            }
            if (position < bytes.length) {
                int n = Math.min(CHUNK, bytes.length - position);
                chunk = Buffer.buffer(Arrays.copyOfRange(bytes, position, position + n));
                position += n;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
            }
            if (position >= bytes.length && !ended) {
                ended = true;
                end = endHandler; // if none yet, endHandler() signals the end when one is set
            }
        }
        if (chunk != null) {
            h.handle(chunk);
        }
        if (end != null) {
            end.handle(null);
        } else {
            synchronized (this) {
                if (!ended) {
                    schedule();
                }
            }
        }
    }
}

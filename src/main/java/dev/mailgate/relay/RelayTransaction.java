package dev.mailgate.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;

import dev.mailgate.address.MailboxAddress;

/**
 * One mail transaction on the listener, in the order SMTP runs it: MAIL FROM (who is it, and may they use that
 * sender), RCPT TO (how many), DATA (the message, stored before the reply). Each refusal is the RFC 5321 reply a
 * well-behaved client acts on: 5xx to give up, 4xx to try again later.
 */
final class RelayTransaction implements MessageHandler {

    private final MessageContext context;
    private final Relay relay;
    private RelayCaller caller;
    private MailboxAddress envelopeFrom;
    private final List<String> recipients = new ArrayList<>();
    private boolean overLimit;
    /** Bytes of the relay's in-flight budget this message holds, and whether it ran out of it. */
    private long held;
    private boolean starved;

    RelayTransaction(MessageContext context, Relay relay) {
        this.context = context;
        this.relay = relay;
    }

    @Override
    public void from(String from) throws RejectException {
        if (context.getHelo().isEmpty()) {
            throw new RejectException(503, "5.5.1 Send EHLO (or HELO) first");
        }
        caller = relay.caller(context);
        MailboxAddress.Parsed parsed = MailboxAddress.parse(from == null ? "" : from);
        if (!parsed.ok()) {
            relay.refused("bad_sender");
            throw new RejectException(553, "5.1.7 The sender address is not valid");
        }
        envelopeFrom = parsed.value();
        if (!caller.maySendAs().test(envelopeFrom)) {
            relay.refused("sender_not_allowed");
            throw new RejectException(550, "5.7.1 " + (caller.name() == null ? "This gateway" : caller.name())
                    + " may not send as " + envelopeFrom.address());
        }
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        if (recipients.size() >= relay.maxRecipients()) {
            if (!overLimit) {
                relay.refused("too_many_recipients"); // counted once per message, not per refused address
                overLimit = true;
            }
            throw new RejectException(452, "4.5.3 Too many recipients; send the rest in another message");
        }
        MailboxAddress.Parsed parsed = MailboxAddress.parse(recipient == null ? "" : recipient);
        if (!parsed.ok()) {
            throw new RejectException(553, "5.1.3 The recipient address is not valid");
        }
        String suppressed = relay.suppressed(parsed.value().address());
        if (suppressed != null) {
            // The client may go on with its other recipients; this one is known to be dead (or asked not to get mail).
            throw new RejectException(550, "5.1.1 <" + parsed.value().address() + ">: recipient suppressed ("
                    + suppressed + ")");
        }
        recipients.add(parsed.value().address());
    }

    @Override
    public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
        // Read to the final dot before anything is decided: a client that leaves mid-DATA gets nothing queued.
        try {
            byte[] message = read(data, relay.maxMessageSize());
            if (message == null) {
                throw new RejectException(552, "5.3.4 The message is larger than " + relay.maxMessageSize() + " bytes");
            }
            if (starved) {
                relay.refused("busy");
                throw new RejectException(452, "4.3.1 Too much mail is being received right now; try again shortly");
            }
            return relay.submit(caller, envelopeFrom, List.copyOf(recipients), message, context);
        } finally {
            relay.release(held);
            held = 0;
        }
    }

    @Override
    public void done() {
    }

    /** The whole message, or null if it is over {@code limit} (read to its end all the same, so the session goes on). */
    private byte[] read(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        starved = false;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total <= limit && !starved) {
                if (relay.hold(n)) {
                    held += n;
                    out.write(buffer, 0, n);
                } else {
                    starved = true; // read on to the end all the same, and answer 452
                }
            }
        }
        if (total > limit) {
            relay.refused("too_large");
            return null;
        }
        return out.toByteArray();
    }
}

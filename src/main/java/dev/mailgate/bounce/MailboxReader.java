package dev.mailgate.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One IMAP session on an account's mailbox (Angus Mail). Blocking: only ever on the reader's own thread. Folders are
 * opened read-only (EXAMINE) and messages read with BODY.PEEK, so nothing in the user's mailbox changes, not even
 * \Seen; only with mailgate.bounces.move-to is a folder opened read-write, to move recognised bounces.
 */
final class MailboxReader implements AutoCloseable {

    /** A message of a folder: its UID, size, and when the server got it. */
    record Item(long uid, long size, Instant received) {
    }

    /** A folder as read: its UIDVALIDITY, its messages to read in UID order, and the highest UID it has. */
    record View(long uidValidity, List<Item> items, long highest) {
    }

    private final ImapSettings settings;
    private final boolean readWrite;
    private final IMAPStore store;
    private IMAPFolder open;

    MailboxReader(ImapSettings settings, boolean readWrite, Duration timeout, SSLSocketFactory tls, boolean trustAll)
            throws MessagingException {
        this.settings = settings;
        this.readWrite = readWrite;
        String protocol = settings.tls() ? "imaps" : "imap";
        Properties p = new Properties();
        String k = "mail." + protocol + ".";
        p.put(k + "peek", "true"); // BODY.PEEK: reading never sets \Seen
        p.put(k + "connectiontimeout", Long.toString(timeout.toMillis()));
        p.put(k + "timeout", Long.toString(timeout.toMillis()));
        p.put(k + "writetimeout", Long.toString(timeout.toMillis()));
        p.put(k + "partialfetch", "true");
        if (tls != null) {
            p.put(k + "ssl.socketFactory", tls);
        }
        if (trustAll) {
            p.put(k + "ssl.checkserveridentity", "false");
        } else {
            p.put(k + "ssl.checkserveridentity", "true");
        }
        this.store = (IMAPStore) Session.getInstance(p).getStore(protocol);
    }

    void connect() throws MessagingException {
        store.connect(settings.host(), settings.port(), settings.username(), settings.password());
        if (settings.sendId()) {
            try {
                store.id(Map.of("name", "mailgate", "version", "1", "vendor", "mailgate"));
            } catch (MessagingException e) {
                // A server without ID (RFC 2971) does not need it.
            }
        }
    }

    /** The folder's UIDVALIDITY: a change means its UIDs were renumbered, and what was read is lost. */
    long uidValidity(String folder) throws MessagingException {
        return open(folder).getUIDValidity();
    }

    /**
     * The folder's messages with a UID above {@code after}, in UID order; with {@code since} instead (a first read, of
     * a mailbox that may hold years of mail), those the server got since then, found by the server (SEARCH SINCE).
     * {@code highest}: the highest UID seen, so that a read that found nothing to read still moves on. It is never
     * taken from UIDNEXT: a server may hand out a UID before the message can be listed.
     */
    View list(String folder, long after, Instant since) throws MessagingException {
        IMAPFolder f = open(folder);
        long validity = f.getUIDValidity();
        long highest = after;
        Message[] messages;
        if (since != null) {
            messages = f.search(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(since)));
            int count = f.getMessageCount();
            if (count > 0) {
                highest = Math.max(highest, f.getUID(f.getMessage(count))); // older mail is passed over
            }
        } else {
            messages = f.getMessagesByUID(after + 1, UIDFolder.LASTUID);
        }
        FetchProfile fp = new FetchProfile();
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add(FetchProfile.Item.SIZE);
        fp.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        f.fetch(messages, fp);
        List<Item> items = new ArrayList<>();
        for (Message m : messages) {
            long uid = f.getUID(m);
            if (uid <= after) {
                continue; // "n:*" always returns the last message, even below n
            }
            highest = Math.max(highest, uid);
            Date received = m.getReceivedDate();
            Instant at = received == null ? Instant.now() : received.toInstant();
            if (since != null && at.isBefore(since)) {
                continue;
            }
            items.add(new Item(uid, m.getSize(), at));
        }
        items.sort(java.util.Comparator.comparingLong(Item::uid));
        return new View(validity, items, highest);
    }

    /**
     * Waits on the folder with IMAP IDLE until the server reports something (new mail) or {@code max} passed; at once
     * when a message above UID {@code seen} came in before the IDLE began. False at once when the server does not
     * offer IDLE.
     */
    boolean idle(String folder, Duration max, long seen) throws MessagingException {
        if (!store.hasCapability("IDLE")) {
            return false;
        }
        IMAPFolder f = open(folder);
        if (f.getUIDNext() - 1 > seen) {
            return true; // mail came in between the read and now: IDLE would only report what comes after
        }
        // Angus ends an IDLE when another thread uses the folder: a watchdog does, once max has passed.
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(max.toMillis());
                f.getMessageCount();
            } catch (InterruptedException | MessagingException | IllegalStateException e) {
                // the IDLE ended first, or the folder is closed
            }
        });
        try {
            f.idle(true);
        } finally {
            watchdog.interrupt();
        }
        return true;
    }

    /** A message as read: its bytes, or that it was gone (expunged meanwhile) or larger than the limit. */
    record Read(byte[] bytes) {
        static final Read GONE = new Read(new byte[0]);
        static final Read TOO_LARGE = new Read(new byte[0]);
    }

    /** The message's bytes, read no further than {@code max}. */
    Read read(String folder, long uid, long max) throws MessagingException, IOException {
        IMAPFolder f = open(folder);
        Message m = f.getMessageByUID(uid);
        if (m == null) {
            return Read.GONE;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeTo(new Bounded(out, max));
        } catch (TooLarge e) {
            return Read.TOO_LARGE;
        }
        return new Read(out.toByteArray());
    }

    /** Moves a recognised bounce (move-to only): MOVE where offered, else copy and delete. */
    void move(String folder, long uid, String target) throws MessagingException {
        IMAPFolder f = open(folder);
        Message m = f.getMessageByUID(uid);
        if (m == null) {
            return;
        }
        Folder to = store.getFolder(target);
        if (!to.exists()) {
            to.create(Folder.HOLDS_MESSAGES);
        }
        try {
            f.moveMessages(new Message[] { m }, to);
        } catch (MessagingException e) {
            f.copyMessages(new Message[] { m }, to);
            m.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
            f.expunge(new Message[] { m });
        }
    }

    private IMAPFolder open(String folder) throws MessagingException {
        if (open != null && open.getFullName().equals(folder) && open.isOpen()) {
            return open;
        }
        if (open != null && open.isOpen()) {
            open.close(false);
        }
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        f.open(readWrite ? Folder.READ_WRITE : Folder.READ_ONLY); // READ_ONLY is EXAMINE
        open = f;
        return f;
    }

    boolean exists(String folder) throws MessagingException {
        return store.getFolder(folder).exists();
    }

    @Override
    public void close() {
        try {
            if (open != null && open.isOpen()) {
                open.close(false);
            }
            store.close();
        } catch (MessagingException e) {
            // closing anyway
        }
    }

    /** Stops a download at {@code max} bytes: a message larger than the limit is never held whole. */
    private static final class Bounded extends OutputStream {
        private final OutputStream out;
        private final long max;
        private long written;

        Bounded(OutputStream out, long max) {
            this.out = out;
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int more) throws TooLarge {
            written += more;
            if (written > max) {
                throw new TooLarge();
            }
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("larger than the limit", null);
        }
    }
}

package dev.mailgate.support;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

/**
 * The test's own IMAP client on an account's mailbox (GreenMail over IMAPS): puts mail in as it would arrive, and
 * reads back what is there, with UIDs and flags, to show that mailgate changed nothing.
 */
public final class ImapMailbox implements AutoCloseable {

    /** One message as the mailbox holds it. */
    public record Held(long uid, String subject, List<String> flags) {
    }

    private final Store store;

    public ImapMailbox(int port, String user, String password) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.trust", "*");
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.timeout", "10000");
        store = Session.getInstance(p).getStore("imaps");
        store.connect("127.0.0.1", port, user, password);
    }

    /**
     * Appends a message (its bytes as they are) to the folder, creating the folder if needed. It arrives now, as mail
     * does (APPEND would otherwise date it by its Date header, years ago for a corpus sample).
     */
    public void append(String folder, byte[] raw) throws MessagingException {
        Folder f = store.getFolder(folder);
        if (!f.exists()) {
            f.create(Folder.HOLDS_MESSAGES);
        }
        java.util.Date now = new java.util.Date();
        f.appendMessages(new Message[] { new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw)) {
            @Override
            public java.util.Date getReceivedDate() {
                return now;
            }
        } });
    }

    /** Every message of the folder, in UID order, with its flags (read without setting \Seen). */
    public List<Held> contents(String folder) throws MessagingException {
        Folder f = store.getFolder(folder);
        List<Held> out = new ArrayList<>();
        if (!f.exists()) {
            return out;
        }
        f.open(Folder.READ_ONLY);
        try {
            for (Message m : f.getMessages()) {
                List<String> flags = new ArrayList<>();
                Flags given = m.getFlags();
                for (Flags.Flag flag : given.getSystemFlags()) {
                    flags.add(flag == Flags.Flag.SEEN ? "\\Seen" : flag == Flags.Flag.DELETED ? "\\Deleted"
                            : flag == Flags.Flag.FLAGGED ? "\\Flagged" : flag == Flags.Flag.ANSWERED ? "\\Answered"
                                    : flag == Flags.Flag.RECENT ? "\\Recent" : flag.toString());
                }
                flags.addAll(List.of(given.getUserFlags()));
                flags.remove("\\Recent"); // the server's, for the session: not a change
                out.add(new Held(((UIDFolder) f).getUID(m), m.getSubject(), flags));
            }
        } finally {
            f.close(false);
        }
        return out;
    }

    /** Deletes the folder (and so its UIDVALIDITY: a new folder of that name is numbered afresh). */
    public void delete(String folder) throws MessagingException {
        Folder f = store.getFolder(folder);
        if (f.exists()) {
            f.delete(true);
        }
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}

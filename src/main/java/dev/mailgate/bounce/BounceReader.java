package dev.mailgate.bounce;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.store.StoreStartup;
import dev.mailgate.store.StoreWriter;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Reads every account's mailbox for bounces, when mailgate.bounces.enabled is on: one reader per account across
 * replicas (a lease in the store), every poll-interval. Each new message is read once: it is parsed, and a bounce's
 * effects are written together with the read progress. A refused login (QQ answers so while IMAP is off in its
 * settings) is logged with the server's words and shown by readiness; sending goes on.
 */
@ApplicationScoped
public class BounceReader {

    private static final Logger LOG = Logger.getLogger(BounceReader.class);
    /** A first read of a mailbox (or one whose UIDVALIDITY changed) goes back this far, not through years of mail. */
    static final Duration FIRST_READ = Duration.ofDays(7);

    private final MailgateConfig config;
    private final BounceMailboxes mailboxes;
    private final BounceProgress progress;
    private final BounceEffects effects;
    private final BounceMetrics metrics;
    private final StoreWriter writer;
    private final String owner = "reader-" + UUID.randomUUID();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public BounceReader(MailgateConfig config, BounceMailboxes mailboxes, BounceProgress progress,
            BounceEffects effects, BounceMetrics metrics, StoreWriter writer) {
        this.config = config;
        this.mailboxes = mailboxes;
        this.progress = progress;
        this.effects = effects;
        this.metrics = metrics;
        this.writer = writer;
    }

    /** After the store (and the suppression list) are up. */
    void start(@Observes @Priority(StoreStartup.PRIORITY + 300) StartupEvent event) {
        if (!config.bounces().enabled()) {
            return;
        }
        for (ImapSettings s : mailboxes.all()) {
            threads.put(s.account(), Thread.ofVirtual().name("mailgate-bounces-" + s.account()).start(() -> loop(s)));
            LOG.infof("reading bounces from %s, folders %s, every %s", s, s.folders(), config.bounces().pollInterval());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        threads.values().forEach(Thread::interrupt);
    }

    private void loop(ImapSettings s) {
        Duration interval = config.bounces().pollInterval();
        while (running) {
            try {
                boolean mine = progress.lease(s.account(), owner, Instant.now().plus(interval.multipliedBy(3)))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                long seen = mine ? readOnce(s) : -1;
                if (seen >= 0) {
                    waitForMail(s, interval, seen);
                } else {
                    Thread.sleep(interval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warnf("bounces of account %s: %s", s.account(), e.getMessage());
                sleep(interval);
            }
        }
    }

    /**
     * IMAP IDLE on the first folder (the inbox) until mail comes in, at most {@code interval}; a plain wait without
     * IDLE. {@code seen}: the last UID read there, so that mail that came in since is not waited for.
     */
    private void waitForMail(ImapSettings s, Duration interval, long seen) throws InterruptedException {
        try (MailboxReader r = mailboxes.open(s, false)) {
            r.connect();
            if (r.idle(s.folders().getFirst(), interval, seen)) {
                return;
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debugf("IDLE on the mailbox of account %s: %s", s.account(), e.getMessage());
        }
        Thread.sleep(interval.toMillis());
    }

    /**
     * One pass over the account's folders: the last UID of the first one (the inbox), or -1 when the mailbox could
     * not be read.
     */
    long readOnce(ImapSettings s) {
        boolean move = config.bounces().moveTo().filter(m -> !m.isBlank()).isPresent();
        String why;
        try (MailboxReader r = mailboxes.open(s, move)) {
            r.connect();
            long first = 0;
            for (String folder : s.folders()) {
                if (!r.exists(folder)) {
                    continue; // a provider without a Junk folder, say
                }
                long highest = read(r, s, folder, move);
                first = folder.equals(s.folders().getFirst()) ? highest : first;
            }
            metrics.succeeded(s.account()); // first: readiness (from the store) never shows a read the metric lacks
            progress.result(s.account(), null).toCompletableFuture().join();
            return first;
        } catch (AuthenticationFailedException e) {
            why = "the IMAP server refused the login of account " + s.account() + " (" + e.getMessage() + ")."
                    + " For QQ Mail: turn on IMAP/SMTP in its settings; the same 授权码 works for both.";
        } catch (MessagingException | java.io.IOException | java.sql.SQLException | RuntimeException e) {
            why = "reading the mailbox of account " + s.account() + " failed: " + e;
        }
        LOG.warn(why);
        metrics.failed(s.account());
        progress.result(s.account(), why).toCompletableFuture().join();
        return -1;
    }

    /** Reads what is new in the folder; returns its highest UID. */
    private long read(MailboxReader r, ImapSettings s, String folder, boolean move)
            throws MessagingException, java.io.IOException, java.sql.SQLException {
        BounceProgress.Place place = progress.place(s.account(), folder);
        long validity = r.uidValidity(folder);
        boolean fresh = place.uidValidity() == null || place.uidValidity() != validity;
        if (fresh && place.uidValidity() != null) {
            LOG.infof("bounces of account %s: the UIDVALIDITY of %s changed (%d, was %d): reading its last %d days"
                    + " again", s.account(), folder, validity, place.uidValidity(), FIRST_READ.toDays());
        }
        // A first read, or a renumbered folder: what came in lately, never years of mail. Else what is new.
        MailboxReader.View view = fresh ? r.list(folder, 0, Instant.now().minus(FIRST_READ))
                : r.list(folder, place.lastUid(), null);
        LOG.debugf("bounces of account %s: %s after UID %d (UIDVALIDITY %d%s): %d new", s.account(), folder,
                fresh ? 0 : place.lastUid(), validity, fresh ? ", a first read" : "", view.items().size());
        long max = config.bounces().maxSize().asLongValue();
        for (MailboxReader.Item item : view.items()) {
            MailboxReader.Read raw = item.size() > max ? MailboxReader.Read.TOO_LARGE : r.read(folder, item.uid(), max);
            BounceParser.Result result;
            if (raw == MailboxReader.Read.TOO_LARGE) {
                LOG.warnf("bounces of account %s: message %d in %s is larger than mailgate.bounces.max-size (%d"
                        + " bytes); skipped", s.account(), item.uid(), folder, max);
                result = new BounceParser.Ignored("too large");
            } else if (raw == MailboxReader.Read.GONE) {
                result = new BounceParser.Ignored("deleted before it was read");
            } else {
                result = BounceParser.parse(raw.bytes());
            }
            Optional<BounceEffects.Applied> applied = apply(s.account(), folder, view.uidValidity(), item.uid(), result);
            LOG.debugf("bounces of account %s: message %d in %s: %s", s.account(), item.uid(), folder,
                    applied == null ? "read by another reader already" : result instanceof BounceParser.Found
                            ? applied.map(a -> a.affected().size() + " recipient(s) affected").orElse("nothing matched") : result);
            if (applied == null) {
                continue; // another reader got here first
            }
            metrics.read(s.account(), result, applied);
            if (move && applied.flatMap(BounceEffects.Applied::message).isPresent()) {
                r.move(folder, item.uid(), config.bounces().moveTo().get());
            }
        }
        if (fresh || view.highest() > place.lastUid()) {
            writer.write(c -> {
                progress.advance(c, s.account(), folder, view.uidValidity(), view.highest());
                return null;
            }).toCompletableFuture().join();
        }
        return view.highest();
    }

    /** The message's effects and the read progress, in one transaction: each bounce takes effect exactly once. */
    private Optional<BounceEffects.Applied> apply(String account, String folder, long validity, long uid,
            BounceParser.Result result) {
        return writer.write(c -> {
            if (!progress.unread(c, account, folder, validity, uid)) {
                return (Optional<BounceEffects.Applied>) null;
            }
            Optional<BounceEffects.Applied> a = result instanceof BounceParser.Found f
                    ? Optional.of(effects.apply(c, account, f.bounce())) : Optional.empty();
            progress.advance(c, account, folder, validity, uid);
            return a;
        }).toCompletableFuture().join();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

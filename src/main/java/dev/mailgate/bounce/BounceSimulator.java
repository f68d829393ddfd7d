package dev.mailgate.bounce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.store.StoreWriter;
import io.quarkus.mailer.SentMail;
import org.jboss.logging.Logger;

/**
 * Bounces without a real one, where mail is only captured (dev mode, or quarkus.mailer.mock=true): a message to
 * bounced@, delayed@ or blocked@simulator.mailgate.test (a +label is allowed: bounced+a1@...) comes back a few seconds
 * later as a delivery status notification, read by the same parser and applied by the same effects as one from a
 * mailbox: results, events, webhooks, the suppression list. Only in mock mode: real mail gets real bounces only.
 */
@ApplicationScoped
public class BounceSimulator {

    public static final String DOMAIN = "simulator.mailgate.test";
    private static final Logger LOG = Logger.getLogger(BounceSimulator.class);
    private static final Pattern ADDRESS = Pattern.compile("(bounced|delayed|blocked)(\\+[a-z0-9._-]{1,64})?@"
            + Pattern.quote(DOMAIN));

    private record Applied(String account, BounceEffects.Applied effects) {
    }

    private final BounceEffects effects;
    private final BounceMetrics metrics;
    private final StoreWriter writer;
    private final boolean mock;
    private final Duration delay;

    BounceSimulator(BounceEffects effects, BounceMetrics metrics, StoreWriter writer, MailMode mode,
            MailgateConfig config) {
        this.effects = effects;
        this.metrics = metrics;
        this.writer = writer;
        this.mock = mode.mock();
        this.delay = config.bounces().simulatorDelay();
    }

    void onSent(@Observes SentMail mail) {
        if (!mock) {
            return; // real mail gets real bounces only
        }
        List<String> ids = mail.headers().getOrDefault("Message-ID", List.of());
        List<String[]> bounces = new ArrayList<>();
        List<String> all = new ArrayList<>(mail.to());
        all.addAll(mail.cc());
        all.addAll(mail.bcc());
        for (String raw : all) {
            String address = Optional.ofNullable(MailboxAddress.parse(raw).value()).map(MailboxAddress::address)
                    .orElse(raw).toLowerCase(Locale.ROOT);
            Matcher m = ADDRESS.matcher(address);
            if (m.matches()) {
                bounces.add(new String[] { m.group(1), address });
            }
        }
        if (ids.isEmpty() || bounces.isEmpty()) {
            return;
        }
        String messageId = ids.getFirst().strip();
        // A real bounce comes later, once the message is recorded as sent: so does this one.
        Thread.ofVirtual().name("mailgate-bounce-simulator").start(() -> {
            try {
                Thread.sleep(delay.toMillis());
                for (String[] b : bounces) {
                    bounce(messageId, mail.from(), b[0], b[1]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void bounce(String messageId, String from, String kind, String address) {
        String to = Optional.ofNullable(from).map(f -> MailboxAddress.parse(f).value()).map(MailboxAddress::address)
                .orElse("postmaster@" + DOMAIN);
        BounceParser.Result parsed = BounceParser.parse(notice(messageId, to, kind, address));
        if (!(parsed instanceof BounceParser.Found found)) {
            LOG.errorf("the simulated %s bounce was not recognised: %s", kind, parsed);
            return;
        }
        writer.write(c -> {
            Optional<String> account = effects.account(c, found.bounce().messageIds());
            return account.isEmpty() ? Optional.<Applied>empty()
                    : Optional.of(new Applied(account.get(), effects.apply(c, account.get(), found.bounce())));
        })
                .whenComplete((applied, failure) -> {
                    if (failure != null) {
                        LOG.warnf("the simulated bounce of %s could not be recorded: %s", messageId, failure.getMessage());
                    } else if (applied.isEmpty()) {
                        LOG.infof("the simulated bounce of %s found no message in the store", messageId);
                    } else {
                        metrics.read(applied.get().account(), found, Optional.of(applied.get().effects()));
                        LOG.infof("simulated a %s bounce of %s for %s", kind, messageId, address);
                    }
                });
    }

    /** A delivery status notification (RFC 3464) as a Postfix server would write it. */
    static byte[] notice(String messageId, String from, String kind, String address) {
        String action = kind.equals("delayed") ? "delayed" : "failed";
        String status = switch (kind) {
            case "delayed" -> "4.2.2";
            case "blocked" -> "5.7.1";
            default -> "5.1.1";
        };
        String diagnostic = switch (kind) {
            case "delayed" -> "452 4.2.2 <" + address + ">: Mailbox full (simulated)";
            case "blocked" -> "550 5.7.1 Message rejected as spam by the content filter (simulated)";
            default -> "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown (simulated)";
        };
        String text = "From: Mail Delivery System <MAILER-DAEMON@" + DOMAIN + ">\r\n"
                + "To: " + from + "\r\n"
                + "Subject: " + (action.equals("delayed") ? "Delayed Mail (still being retried)"
                        : "Undelivered Mail Returned to Sender") + "\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"sim\"\r\n"
                + "\r\n"
                + "--sim\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "mailgate's bounce simulator: a " + kind + " report for <" + address + ">.\r\n\r\n"
                + "--sim\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; " + DOMAIN + "\r\n\r\n"
                + "Final-Recipient: rfc822; " + address + "\r\n"
                + "Action: " + action + "\r\n"
                + "Status: " + status + "\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n\r\n"
                + "--sim\r\n"
                + "Content-Type: text/rfc822-headers\r\n\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "To: " + address + "\r\n\r\n"
                + "--sim--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

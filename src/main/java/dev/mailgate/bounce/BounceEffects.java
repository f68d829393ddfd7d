package dev.mailgate.bounce;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.RecipientResults;
import dev.mailgate.store.Rows;
import dev.mailgate.suppression.Reason;
import dev.mailgate.suppression.Suppressions;
import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import org.jboss.logging.Logger;

/**
 * What a bounce changes, inside the writer's transaction that also records how far the mailbox was read: so each
 * bounce takes effect exactly once. Anyone can mail the sending account, so a bounce only touches a message that is
 * in the store and went out through the account whose mailbox it came to, and only recipients that message had. For
 * each: the recipient's result, its event (message.bounced, or message.delayed for a soft one), and for a hard bounce
 * the suppression list; soft bounces suppress after mailgate.bounces.soft-bounce-limit within the window; a block
 * never suppresses. The message is bounced once every recipient hard-bounced.
 */
@ApplicationScoped
public class BounceEffects {

    private static final Logger LOG = Logger.getLogger(BounceEffects.class);

    /**
     * What one bounce did: the message it was tied to (empty: unmatched), each recipient it affected, and how many of
     * the addresses it named were not the message's recipients (forged, or confused).
     */
    public record Applied(Optional<String> message, List<Bounce.Recipient> affected, int foreign, String why) {
    }

    private record Matched(String id, String apiKey, String status, String account, List<String> recipients) {
    }

    private final Events events;
    private final Suppressions suppressions;
    private final ObjectMapper json;
    private final int softLimit;
    private final Duration softWindow;

    public BounceEffects(Events events, Suppressions suppressions, ObjectMapper json, MailgateConfig config) {
        this.events = events;
        this.suppressions = suppressions;
        this.json = json;
        this.softLimit = Math.max(1, config.bounces().softBounceLimit());
        this.softWindow = config.bounces().softBounceWindow();
    }

    /** Applies {@code bounce}, read from {@code account}'s mailbox, in the writer transaction {@code c}. */
    public Applied apply(Connection c, String account, Bounce bounce) throws SQLException {
        Optional<Matched> found = Optional.empty();
        for (String id : bounce.messageIds()) {
            found = find(c, id, account);
            if (found.isPresent()) {
                break;
            }
        }
        if (found.isEmpty()) {
            return new Applied(Optional.empty(), List.of(), bounce.recipients().size(), "no message of account "
                    + account + " has the Message-ID it names " + bounce.messageIds());
        }
        Matched m = found.get();
        Map<String, String> theirs = new LinkedHashMap<>();
        m.recipients().forEach(r -> Suppressions.key(r).ifPresent(k -> theirs.put(k, r)));
        Instant now = Instant.now();
        Map<String, Bounce.Recipient> affected = new LinkedHashMap<>();
        int foreign = 0;
        for (Bounce.Recipient r : bounce.recipients()) {
            Optional<String> key = Suppressions.key(r.address()).filter(theirs::containsKey);
            if (key.isEmpty()) {
                foreign++; // not one of the message's recipients: a forged or confused bounce changes nothing
                continue;
            }
            if (!affected.containsKey(theirs.get(key.get())) && recorded(c, m, key.get(), theirs.get(key.get()), r, now)) {
                affected.put(theirs.get(key.get()), r);
            }
        }
        if (affected.isEmpty()) {
            return new Applied(Optional.of(m.id()), List.of(), foreign, foreign > 0 ? "it names " + foreign
                    + " address(es) that were not the recipients of message " + m.id() : "every recipient it names"
                    + " was reported already");
        }
        String status = m.status();
        if ("sent".equals(status) && RecipientResults.lost(c, m.id()) >= theirs.size()) {
            RecipientResults.markBounced(c, m.id(), now);
            status = "bounced";
        }
        for (Map.Entry<String, Bounce.Recipient> a : affected.entrySet()) {
            effects(c, m, status, a.getKey(), a.getValue(), now);
        }
        return new Applied(Optional.of(m.id()), List.copyOf(affected.values()), foreign, foreign > 0 ? "it also names "
                + foreign + " address(es) that were not the recipients of message " + m.id() : null);
    }

    /** The account the first stored message with one of these Message-IDs went out through (the simulator's). */
    Optional<String> account(Connection c, List<String> messageIds) throws SQLException {
        for (String id : messageIds) {
            Optional<Matched> m = find(c, id, null);
            if (m.isPresent()) {
                return Optional.ofNullable(m.get().account());
            }
        }
        return Optional.empty();
    }

    /**
     * The message with that Message-ID sent through {@code account} (null: any): the id's local part, or a relayed
     * one's own.
     */
    private Optional<Matched> find(Connection c, String messageId, String account) throws SQLException {
        String local = messageId.startsWith("<") && messageId.indexOf('@') > 1
                ? messageId.substring(1, messageId.indexOf('@')) : messageId;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, api_key, status, recipients, account FROM message"
                + " WHERE (id = ? AND message_id = ?) OR id IN (SELECT message FROM message_alias WHERE message_id = ?)")) {
            ps.setString(1, local);
            ps.setString(2, messageId);
            ps.setString(3, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (account != null && !account.equals(rs.getString("account"))) {
                        continue; // another account's message: this mailbox has no say about it
                    }
                    return Optional.of(new Matched(rs.getString("id"), rs.getString("api_key"),
                            rs.getString("status"), rs.getString("account"), recipients(rs.getString("recipients"))));
                }
            }
        }
        return Optional.empty();
    }

    /** Records the recipient's result; false when this recipient's bounce was recorded already. */
    private static boolean recorded(Connection c, Matched m, String key, String address, Bounce.Recipient r,
            Instant now) throws SQLException {
        String status = r.type() == BounceType.SOFT ? RecipientResults.DELAYED : RecipientResults.BOUNCED;
        Optional<String> before = RecipientResults.status(c, m.id(), key);
        if (before.filter(b -> b.equals(RecipientResults.BOUNCED) || b.equals(status)).isPresent()) {
            return false; // the same notice again, or a delay after the bounce: nothing new
        }
        if (before.filter(RecipientResults.SUPPRESSED::equals).isPresent()) {
            return false; // it never went to this recipient, so no server can have bounced it
        }
        RecipientResults.put(c, m.id(), new RecipientResults.Result(key, address, status, now, r.type().wire(),
                r.status(), r.diagnostic()));
        return true;
    }

    /** The recipient's event, with the message's status after this bounce, and the suppression list. */
    private void effects(Connection c, Matched m, String status, String address, Bounce.Recipient r, Instant now)
            throws SQLException {
        String key = Suppressions.key(address).orElseThrow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("address", address);
        data.put("bounceType", r.type().wire());
        data.put("smtpStatus", r.status());
        data.put("diagnostic", r.diagnostic());
        events.record(c, Events.Event.of(m.id(), m.apiKey(), r.type() == BounceType.SOFT ? EventType.DELAYED
                : EventType.BOUNCED, status, now).withData(text(data)));
        switch (r.type()) {
            case HARD -> suppressions.addAutomatically(c, address, Reason.HARD_BOUNCE, m.id(), diagnostic(r));
            case SOFT -> {
                if (softBounces(c, key, m.id(), now) >= softLimit) {
                    suppressions.addAutomatically(c, address, Reason.SOFT_BOUNCE_LIMIT, m.id(), diagnostic(r));
                }
            }
            case BLOCK -> LOG.warnf("a message of this gateway was refused as a block, not for its recipient (%s):"
                    + " the sending account, its IP or the content has a problem; the address is not suppressed",
                    r.rule());
        }
    }

    /** Counts this soft bounce with the others of the address in the window. */
    private int softBounces(Connection c, String key, String message, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM soft_bounce WHERE address_key = ?"
                + " AND message = ?")) {
            ps.setString(1, key);
            ps.setString(2, message);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO soft_bounce (address_key, message, at)"
                            + " VALUES (?, ?, ?)")) {
                        ins.setString(1, key);
                        ins.setString(2, message);
                        ins.setObject(3, Rows.ts(now));
                        ins.executeUpdate();
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM soft_bounce WHERE address_key = ?"
                + " AND at > ?")) {
            ps.setString(1, key);
            ps.setObject(2, Rows.ts(now.minus(softWindow)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String diagnostic(Bounce.Recipient r) {
        String d = (r.status() == null ? "" : r.status() + " ") + (r.diagnostic() == null ? "" : r.diagnostic());
        return d.length() > 1000 ? d.substring(0, 1000) : d.strip();
    }

    private List<String> recipients(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private String text(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

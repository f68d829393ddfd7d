package dev.mailgate.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.address.MailboxAddress;
import dev.mailgate.smtp.Handoff;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;

/**
 * Routes a message through the accounts in priority order. An account fault ({@link Failover}) passes the message
 * to the next eligible account; a fault of the message, or anything that may have passed the final dot, ends the
 * send where it happened. The Message-ID stays the one composed for the request; a message without its own From is
 * sent as the chosen account's address. With every account down, the caller gets the failure it can best act on:
 * the soonest "come back later" (throttle, rate limit, quota, open breaker), else the first account's.
 */
@ApplicationScoped
public class Router {

    private static final Logger LOG = Logger.getLogger(Router.class);

    private final Accounts accounts;
    private final MailComposer composer;

    public Router(Accounts accounts, MailComposer composer) {
        this.accounts = accounts;
        this.composer = composer;
    }

    /**
     * The accounts that may send {@code mail}, in routing order: with an explicit From, those allowed to send as it;
     * without, those whose own address {@code keyAllows} (the API key's sender list). Empty: none may.
     */
    public List<String> eligible(ComposedMail mail, java.util.function.Predicate<MailboxAddress> keyAllows) {
        MailboxAddress from = MailboxAddress.parse(mail.sender()).value();
        if (mail.raw() != null) {
            // A submitted message: its From was checked against the key; an account that may not send as it sends
            // it under its own address instead (asAccount).
            return accounts.all().stream().map(Account::name).toList();
        }
        return accounts.all().stream()
                .filter(a -> mail.defaultSender() ? a.identity().from().map(keyAllows::test).orElse(true)
                        : a.maySendAs(from))
                .map(Account::name).toList();
    }

    /** Delivers {@code mail} through the first of {@code names} that takes it. */
    public Uni<Delivered> send(ComposedMail mail, List<String> names, Instant deadline, Handoff handoff) {
        return send(mail, names, deadline, handoff, step -> {
        });
    }

    /** As above; {@code passed} hears of each account that could not take it, before the next one is tried. */
    public Uni<Delivered> send(ComposedMail mail, List<String> names, Instant deadline, Handoff handoff,
            java.util.function.Consumer<Failover.Step> passed) {
        List<Account> candidates = accounts.all().stream().filter(a -> names.contains(a.name())).toList();
        if (candidates.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("no SMTP account may send this message"));
        }
        return through(mail, candidates, 0, deadline, handoff, new ArrayList<>(), passed);
    }

    private Uni<Delivered> through(ComposedMail mail, List<Account> candidates, int i, Instant deadline,
            Handoff handoff, List<Throwable> faults, java.util.function.Consumer<Failover.Step> passed) {
        Account account = candidates.get(i);
        boolean last = i == candidates.size() - 1;
        return Uni.createFrom().deferred(() -> account.send(asAccount(mail, account), deadline, handoff, last))
                .onFailure(f -> !last && Failover.accountFault(f)).recoverWithUni(f -> {
                    faults.add(f);
                    LOG.warnf("account %s cannot take the message (%s); trying account %s: %s", account.name(),
                            Failover.outcome(f), candidates.get(i + 1).name(), f.getMessage());
                    passed.accept(Failover.step(account.name(), f));
                    return through(mail, candidates, i + 1, deadline, handoff, faults, passed);
                })
                .onFailure(f -> last && !faults.isEmpty() && Failover.accountFault(f)).transform(f -> {
                    faults.add(f);
                    return best(faults);
                });
    }

    /** Checks that some account can log in again, without sending: the first that can. */
    public Uni<Void> verify() {
        Uni<Void> chain = Uni.createFrom().failure(new IllegalStateException("no SMTP account"));
        for (Account a : accounts.all()) {
            chain = chain.onFailure().recoverWithUni(f -> a.client().map(c -> c.verify())
                    .orElseGet(() -> Uni.createFrom().voidItem()));
        }
        return chain;
    }

    /** The message as {@code account} sends it: a message without its own From goes out as the account's address. */
    private ComposedMail asAccount(ComposedMail mail, Account account) {
        if (mail.raw() != null) {
            return account.identity().from().isEmpty() || account.maySendAs(MailboxAddress.parse(mail.sender()).value())
                    ? mail : composer.rawAsSender(mail, account.identity().from().get());
        }
        if (!mail.defaultSender() || account.identity().from().isEmpty()) {
            return mail;
        }
        Optional<MailboxAddress> replyTo = accounts.replyToPrimary() && account != accounts.primary()
                ? accounts.primary().identity().from() : Optional.empty();
        return composer.asSender(mail, account.identity().from().get(), replyTo);
    }

    /**
     * Among account faults, the one the caller (or the queue) does best to act on: a passing failure (an account that
     * could not be reached this time) first, since the next try may well work; else the soonest "come back at T"
     * (throttle, rate limit, quota, open breaker); else the first account's (a refused login, say). So one account's
     * long wait or broken password never holds back a message another account may soon send.
     */
    static Throwable best(List<Throwable> faults) {
        return faults.stream().filter(Router::passing).findFirst()
                .or(() -> faults.stream().filter(f -> retryAfterMillis(f) != null)
                        .min(Comparator.comparingLong(Router::retryAfterMillis)))
                .orElse(faults.get(0));
    }

    private static boolean passing(Throwable f) {
        return f instanceof DeliveryException d && d.outcome() == Outcome.TRANSIENT && !(f instanceof ThrottledException);
    }

    private static Long retryAfterMillis(Throwable f) {
        return switch (f) {
            case ThrottledException t -> t.retryAfterSeconds() * 1000;
            case QuotaExceededException q -> q.retryAfterSeconds() * 1000;
            case AccountCircuitOpenException c -> c.retryAfterSeconds() * 1000;
            case RateLimitException r -> r.getRetryAfterMillis();
            case DeliveryException d when d.retryAfterSeconds() != null -> d.retryAfterSeconds() * 1000;
            default -> null;
        };
    }
}

package dev.mailgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.address.SenderPatterns;

/**
 * How a named account's settings combine with its provider preset, and what makes them invalid. An explicit setting
 * always wins over the preset, as with {@code quarkus.mailer.*}.
 */
public final class AccountRules {

    private AccountRules() {
    }

    /** The preset: as configured; else custom when a host is given, else qq. Unknown keys are a start-up problem. */
    public static Provider provider(AccountConfig a) {
        return a.provider().flatMap(Provider::fromKey)
                .orElse(a.host().isPresent() ? Provider.CUSTOM : Provider.QQ);
    }

    public static String host(AccountConfig a) {
        Provider p = provider(a);
        return a.host().orElse(p.isPreset() ? p.host() : "localhost");
    }

    public static boolean implicitTls(AccountConfig a) {
        return a.tls().orElse(provider(a).implicitTls());
    }

    public static int port(AccountConfig a) {
        Provider p = provider(a);
        return a.port().orElse(p.isPreset() && a.tls().isEmpty() ? p.port() : implicitTls(a) ? 465 : 25);
    }

    public static String startTls(AccountConfig a) {
        return a.startTls().orElse(provider(a).startTls()).toUpperCase(Locale.ROOT);
    }

    public static String login(AccountConfig a) {
        return a.login().orElse(provider(a).isPreset() ? "REQUIRED" : "NONE").toUpperCase(Locale.ROOT);
    }

    /** The address the account sends as: from, else the username. */
    public static Optional<String> from(AccountConfig a) {
        return a.from().or(a::username).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Every problem of every named account, each naming the property. Values are never echoed. */
    public static List<String> problems(AccountConfig.Accounts accounts, boolean legacyCredentials) {
        List<String> problems = new ArrayList<>();
        if (!accounts.named().isEmpty() && legacyCredentials) {
            problems.add("mailgate.smtp.username/password are ignored while mailgate.accounts.<name>.* are"
                    + " configured: move them to an account (for example mailgate.accounts.default.username)");
        }
        String replyTo = accounts.replyTo().trim().toLowerCase(Locale.ROOT);
        if (!replyTo.equals("keep") && !replyTo.equals("primary")) {
            problems.add("mailgate.accounts.reply-to must be keep or primary");
        }
        accounts.named().forEach((name, a) -> problems.addAll(problems(name, a)));
        return problems;
    }

    static List<String> problems(String name, AccountConfig a) {
        List<String> problems = new ArrayList<>();
        String p = "mailgate.accounts." + name + ".";
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            problems.add(p + "*: an account name is 1-32 lower-case letters, digits, - or _ (it becomes a metric label)");
        }
        if (a.provider().isPresent() && Provider.fromKey(a.provider().get()).isEmpty()) {
            problems.add(p + "provider must be one of " + Provider.keys());
        }
        Provider provider = provider(a);
        if (!provider.isPreset() && a.host().isEmpty()) {
            problems.add(p + "host is needed for provider custom");
        }
        boolean authenticates = !"DISABLED".equals(login(a)) && !("NONE".equals(login(a)) && a.username().isEmpty());
        if (authenticates && a.username().filter(s -> !s.isBlank()).isEmpty()) {
            problems.add(p + "username is missing (the SMTP login)");
        }
        if (authenticates && a.password().filter(s -> !s.isBlank()).isEmpty()) {
            problems.add(p + "password is missing; for QQ Mail and 163 it is the authorization code (授权码)");
        }
        if (authenticates && !implicitTls(a) && !"REQUIRED".equals(startTls(a)) && !a.allowPlaintextAuth()) {
            problems.add(p + "AUTH without TLS would send the password in clear text: set " + p + "tls=true or "
                    + p + "start-tls=REQUIRED, or opt in with " + p + "allow-plaintext-auth=true");
        }
        if (!List.of("DISABLED", "OPTIONAL", "REQUIRED").contains(startTls(a))) {
            problems.add(p + "start-tls must be DISABLED, OPTIONAL or REQUIRED");
        }
        Optional<String> from = from(a);
        if (from.isEmpty()) {
            problems.add(p + "from (or username) is needed: mail without its own from goes out as this address");
        } else if (!MailboxAddress.parse(from.get()).ok()) {
            problems.add(p + (a.from().isPresent() ? "from" : "username") + " is not a mail address");
        } else if (provider.fromMustEqualLogin() && a.from().isPresent() && a.username().isPresent()
                && !MailboxAddress.parse(a.from().get()).value().sameMailbox(
                        MailboxAddress.parse(a.username().get()).value())) {
            problems.add(p + "from must equal the username for provider " + provider.key()
                    + " (the server refuses any other sender with 501)");
        }
        a.senders().ifPresent(senders -> problems.addAll(SenderPatterns.problems(p + "senders", senders)));
        if (a.rateLimit().isPresent() && a.rateLimit().getAsInt() <= 0) {
            problems.add(p + "rate-limit must be positive");
        }
        if (a.rateLimitWindow().isNegative() || a.rateLimitWindow().isZero()) {
            problems.add(p + "rate-limit-window must be positive");
        }
        if (a.dailyQuota().isPresent() && a.dailyQuota().getAsInt() <= 0) {
            problems.add(p + "daily-quota must be positive");
        }
        if (a.maxPoolSize() <= 0) {
            problems.add(p + "max-pool-size must be positive");
        }
        if (a.port().isPresent() && (a.port().getAsInt() <= 0 || a.port().getAsInt() > 65535)) {
            problems.add(p + "port must be between 1 and 65535");
        }
        return problems;
    }
}

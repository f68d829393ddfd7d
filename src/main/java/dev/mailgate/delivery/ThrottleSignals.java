package dev.mailgate.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How SMTP servers say "slow down": the one table mailgate reads throttling from. Providers use codes that otherwise
 * mean "temporary" or even "permanent" (QQ: {@code 550 Connection frequency limited}), so the enhanced status code
 * and the reply text decide. Each row names where its wording comes from.
 */
public final class ThrottleSignals {

    /** A wording, where it comes from, and whether it only counts on a 4xx reply. */
    record Signal(String source, Pattern pattern, boolean temporaryOnly) {
        boolean matches(int code, String reply) {
            return (!temporaryOnly || code < 500) && pattern.matcher(reply).find();
        }
    }

    /** Reply codes a throttle comes with; anything else (a 535, a 552) is never read as one. */
    private static final Set<Integer> CODES = Set.of(421, 450, 451, 452, 454, 550, 554);

    /** Most specific first: the first row that matches is the one named in logs and tests. */
    static final List<Signal> TABLE = List.of(
            // RFC 3463 3.5: X.4.5 "mail system congestion".
            signal("RFC 3463 X.4.5 system congestion", "\\b4\\.4\\.5\\b"),
            // Gmail (support.google.com/a/answer/3726730): 421-4.7.28 "unusual rate of unsolicited mail".
            signal("Gmail 4.7.28 unusual rate", "\\b[45]\\.7\\.28\\b"),
            // Gmail: 550 5.4.5 "Daily user sending limit exceeded" (submission over the daily cap).
            signal("Gmail 5.4.5 daily sending limit", "\\b5\\.4\\.5\\b"),
            // Microsoft 365 (learn.microsoft.com, Exchange Online NDR codes): 4.7.500-4.7.699, "Server busy, please
            // try again later", "temporarily rate limited due to IP reputation".
            signal("Microsoft 365 4.7.500-4.7.699", "\\b4\\.7\\.[56]\\d\\d\\b"),
            // Microsoft 365: 554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException.
            signal("Microsoft 365 submission quota", "submissionquotaexceeded|message rate limit|recipient rate limit"),
            signal("Microsoft 365 server busy", "server (is )?(too )?busy"),
            // Postfix anvil (postconf(5) smtpd_client_message_rate_limit): 450 4.7.1 "Error: too much mail from".
            signal("Postfix anvil message rate", "too much mail from"),
            // Postfix anvil: smtpd_client_connection_count_limit / _rate_limit, _recipient_rate_limit,
            // _new_tls_session_rate_limit, _auth_rate_limit: 421/450 4.7.0 "Error: too many ... from".
            signal("Postfix anvil connections, recipients, TLS sessions, AUTH",
                    "too many (connections|recipients|new tls sessions|auth commands|messages) from"),
            // Exim (spec, ratelimit ACL condition; smtp_accept_max, smtp_accept_max_per_host):
            // "451 ... rate limit exceeded", "421 Too many concurrent SMTP connections; please try again later".
            signal("Exim ratelimit and connection limits", "rate ?limit|too many concurrent smtp connections"
                    + "|too many connections"),
            // Gmail: 450 4.2.1 "The user you are trying to contact is receiving mail at a rate that prevents ...".
            signal("Gmail 4.2.1 recipient rate", "receiving mail at a rate"),
            // NetEase 163/126/yeah (help.163.com SMTP error codes): 421 HL:/RL:, 450/451 RP:/MI: families.
            // Only on 4xx: NetEase's 5xx replies in the same form are refusals (550 RP:FRL, open relay denied).
            new Signal("NetEase 163/126 RP:/RL:/HL:/MI: codes", Pattern.compile("\\b(rp|rl|hl|mi):[a-z]{3}\\b"), true),
            // QQ Mail: "550 Connection frequency limited", "Ip frequency limited", "Domain frequency limited".
            signal("QQ frequency limited", "frequency limit"),
            // Gmail: 421 4.7.0 "Try again later, closing connection"; 454 4.7.0 "Too many login attempts".
            signal("Gmail 4.7.0 try again later", "try again later|too many login attempts"),
            // Generic wordings seen across providers: sending quotas and throttling.
            signal("generic quota and throttle wording", "(daily|hourly|sending).{0,40}(limit|quota)|quota exceeded"
                    + "|throttl|slow down"));

    private static final Pattern HINT = Pattern.compile(
            "(?:in|after|for)\\s+(\\d{1,5})\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|h)\\b", Pattern.CASE_INSENSITIVE);
    private static final Duration MAX_HINT = Duration.ofHours(1);

    private ThrottleSignals() {
    }

    /** Whether this reply asks the client to slow down. */
    public static boolean isThrottle(int code, String reply) {
        return source(code, reply).isPresent();
    }

    /** The table row that matched, for logs and tests. */
    static Optional<String> source(int code, String reply) {
        if (!CODES.contains(code)) {
            return Optional.empty();
        }
        String lower = reply == null ? "" : reply.toLowerCase(Locale.ROOT);
        return TABLE.stream().filter(s -> s.matches(code, lower)).map(Signal::source).findFirst();
    }

    /** A wait the reply names ("try again in 5 minutes"), capped at an hour; empty if it names none. */
    public static Optional<Duration> hint(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        Matcher m = HINT.matcher(reply);
        if (!m.find()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Duration d = unit.startsWith("h") ? Duration.ofHours(n) : unit.startsWith("m") ? Duration.ofMinutes(n)
                : Duration.ofSeconds(n);
        return Optional.of(d.compareTo(MAX_HINT) > 0 ? MAX_HINT : d);
    }

    private static Signal signal(String source, String regex) {
        return new Signal(source, Pattern.compile(regex), false);
    }
}

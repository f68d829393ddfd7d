package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per throttle wording mailgate knows, each with the table row that must catch it. */
class ThrottleSignalsTest {

    /** Code, reply text, and the row that must catch it. */
    static Stream<Arguments> wordings() {
        return Stream.of(
            Arguments.of(450, "4.7.1 Error: too much mail from 127.0.0.1", "Postfix anvil message rate"),
            Arguments.of(421, "4.7.0 mx.example.com Error: too many connections from 127.0.0.1", "Postfix anvil connections, recipients, TLS sessions, AUTH"),
            Arguments.of(450, "4.7.1 Error: too many recipients from 127.0.0.1", "Postfix anvil connections, recipients, TLS sessions, AUTH"),
            Arguments.of(421, "4.7.0 Error: too many new TLS sessions from 127.0.0.1", "Postfix anvil connections, recipients, TLS sessions, AUTH"),
            Arguments.of(451, "4.7.1 Sender rate limit exceeded, please try again in a while", "Exim ratelimit and connection limits"),
            Arguments.of(421, "Too many concurrent SMTP connections; please try again later.", "Exim ratelimit and connection limits"),
            Arguments.of(421, "4.7.0 Try again later, closing connection. (EHLO) u3sm2 - gsmtp", "Gmail 4.7.0 try again later"),
            Arguments.of(454, "4.7.0 Too many login attempts, please try again later.", "Gmail 4.7.0 try again later"),
            Arguments.of(421, "4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address.", "Gmail 4.7.28 unusual rate"),
            Arguments.of(550, "5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to", "Gmail 5.4.5 daily sending limit"),
            Arguments.of(450, "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", "Gmail 4.2.1 recipient rate"),
            Arguments.of(451, "4.7.500 Server busy. Please try again later from [203.0.113.7]. (S77719) [BN8NAM12FT043.eop-nam12.prod.protection.outlook.com]", "Microsoft 365 4.7.500-4.7.699"),
            Arguments.of(451, "4.7.650 The mail server [203.0.113.7] has been temporarily rate limited due to IP reputation.", "Microsoft 365 4.7.500-4.7.699"),
            Arguments.of(421, "4.3.2 The server is busy, try again", "Microsoft 365 server busy"),
            Arguments.of(554, "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message", "Microsoft 365 submission quota"),
            Arguments.of(451, "RP:QRC 163 smtp14,EsCowAD3z5 1700000000 http://mail.163.com/help/help_spam_16.htm?ip=1.2.3.4", "NetEase 163/126 RP:/RL:/HL:/MI: codes"),
            Arguments.of(421, "RL:ICC http://mail.163.com/help/help_spam_16.htm?ip=1.2.3.4&hostid=smtp12", "NetEase 163/126 RP:/RL:/HL:/MI: codes"),
            Arguments.of(450, "MI:DMC 126 smtp3,DcmowACXkdR 1700000000 http://mail.163.com/help/help_spam_16.htm?ip=1.2.3.4", "NetEase 163/126 RP:/RL:/HL:/MI: codes"),
            Arguments.of(550, "Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722", "QQ frequency limited"),
            Arguments.of(550, "Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000724", "QQ frequency limited"),
            Arguments.of(451, "4.4.5 Insufficient system resources, mail system congested", "RFC 3463 X.4.5 system congestion"),
            Arguments.of(450, "4.7.1 Hourly sending limit reached for this account", "generic quota and throttle wording"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wordings")
    void recognisesEachProvidersWording(int code, String reply, String source) {
        assertTrue(ThrottleSignals.isThrottle(code, code + " " + reply), reply);
        assertEquals(Optional.of(source), ThrottleSignals.source(code, code + " " + reply));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "550|5.1.1 The email account that you tried to reach does not exist.",
            "550|RP:FRL 163 smtp1 anonymous relay is not allowed",
            "451|4.3.0 Temporary local problem",
            "421|4.7.0 mx.example.com Error: too many errors",
            "535|5.7.8 Error: authentication failed: rate limit",
            "552|5.3.4 Message size exceeds fixed limit",
            "554|5.7.1 Service unavailable; Client host [1.2.3.4] blocked using zen.spamhaus.org" })
    void leavesOtherRepliesAlone(int code, String reply) {
        assertFalse(ThrottleSignals.isThrottle(code, code + " " + reply), reply);
    }

    @Test
    void everyRowOfTheTableHasACase() {
        Set<String> tested = new HashSet<>();
        wordings().forEach(a -> tested.add((String) a.get()[2]));
        Set<String> rows = new HashSet<>();
        ThrottleSignals.TABLE.forEach(row -> rows.add(row.source()));
        assertEquals(rows, tested, "each row of the table needs a reply it is tested with");
    }

    @Test
    void aWaitNamedInTheReplyIsTheHintCappedAtAnHour() {
        assertEquals(Optional.of(Duration.ofSeconds(60)), ThrottleSignals.hint("421 Error: too many connections, try again in 60 seconds"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), ThrottleSignals.hint("450 4.7.1 please retry after 5 minutes"));
        assertEquals(Optional.of(Duration.ofHours(1)), ThrottleSignals.hint("550 5.4.5 sending suspended for 24 hours"));
        assertEquals(Optional.empty(), ThrottleSignals.hint("421 4.7.0 Try again later, closing connection."));
    }
}

package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.ext.mail.SMTPException;

/** Real reply strings from QQ, Gmail and friends. */
class SmtpFailureClassifierTest {

    final SmtpFailureClassifier classifier = new SmtpFailureClassifier(s -> s.replace("s3cret", "[redacted]"));

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(delimiter = '|', value = {
            "535|AUTH LOGIN failed|Login Fail. Please enter your authorization code to login. More information in https://service.mail.qq.com/detail/0/53|AUTH_FAILED",
            "530|sender address not accepted|5.7.0 Authentication required|AUTH_FAILED",
            "501|sender address not accepted|Mail from address must be same as authorization user.|SENDER_REJECTED",
            "550|got error response|Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722|RATE_LIMITED",
            "421|got error response|4.7.0 Try again later, closing connection.|RATE_LIMITED",
            "550|sending data failed|5.4.5 Daily user sending limit exceeded.|RATE_LIMITED",
            "450|recipient address not accepted|4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages|RATE_LIMITED",
            "451|sending data failed|4.3.0 Temporary server error|TRANSIENT",
            "452|recipient address not accepted|4.5.3 Too many recipients|TRANSIENT",
            "550|recipient address not accepted|5.1.1 The email account that you tried to reach does not exist.|PERMANENT_RECIPIENT",
            "553|recipient address not accepted|5.1.3 Invalid recipient|PERMANENT_RECIPIENT",
            "550|sending data failed|The mail may contain inappropriate words or content.|PERMANENT_CONTENT",
            "552|sending data failed|5.3.4 Message size exceeds fixed maximum message size|PERMANENT_CONTENT",
            "554|DATA command not accepted|5.7.1 Message rejected|PERMANENT_CONTENT",
            "553|sender address not accepted|5.7.1 Sender address rejected: not owned by user|SENDER_REJECTED",
            "504|AUTH CRAM-MD5 failed|5.5.4 Unrecognized authentication type|CONFIGURATION" })
    void replies(int code, String phase, String text, Outcome expected) {
        DeliveryException e = classifier.classify(new SMTPException(phase, code, List.of(code + " " + text), false));
        assertEquals(expected, e.outcome());
        assertEquals(code, e.smtpCode());
    }

    @Test
    void ioFailures() {
        assertEquals(Outcome.TRANSIENT, classifier.classify(new ConnectException("Connection refused")).outcome());
        assertEquals(Outcome.TRANSIENT, classifier.classify(new NoStackTraceThrowable("Connection was closed.")).outcome());
        assertEquals(Outcome.UNCERTAIN, classifier.classify(new IOException("socket was closed unexpected.")).outcome());
        DeliveryException tls = classifier.classify(new SSLHandshakeException("PKIX path building failed"));
        assertEquals(Outcome.CONFIGURATION, tls.outcome());
        assertNull(tls.smtpCode());
        assertEquals(Outcome.CONFIGURATION,
                classifier.classify(new NoStackTraceThrowable("STARTTLS required but not supported by server")).outcome());
    }

    @Test
    void beforeTheTransactionALostConnectionIsTransientButRepliesStillDecide() {
        DeliveryException lost = classifier.classify(new dev.mailgate.smtp.NothingSentException(new IOException("socket was closed unexpected.")));
        assertEquals(Outcome.TRANSIENT, lost.outcome());
        assertTrue(lost.getMessage().contains("Nothing was sent"), lost.getMessage());
        assertEquals(Outcome.AUTH_FAILED, classifier.classify(new dev.mailgate.smtp.NothingSentException(new SMTPException("AUTH PLAIN failed",
                535, List.of("535 Login Fail. Please enter your authorization code to login"), false))).outcome());
        assertEquals(Outcome.CONFIGURATION,
                classifier.classify(new dev.mailgate.smtp.NothingSentException(new SSLHandshakeException("PKIX path building failed"))).outcome());
    }

    @Test
    void gbkReplyTextDoesNotChangeTheOutcome() throws Exception {
        // QQ can answer in GBK; the Vert.x client decodes replies as UTF-8, so the Chinese arrives as U+FFFD.
        // Classification rests on the code, the phase and ASCII rate-limit words, so the outcome is still right.
        String mangled = new String("550 邮件内容包含不当词语".getBytes("GBK"), java.nio.charset.StandardCharsets.UTF_8);
        DeliveryException e = classifier.classify(new SMTPException("sending data failed", 550, List.of(mangled), false));
        assertEquals(Outcome.PERMANENT_CONTENT, e.outcome());
        String throttled = new String("550 Connection frequency limited 连接频率受限".getBytes("GBK"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Outcome.RATE_LIMITED,
                classifier.classify(new SMTPException("got error response", 550, List.of(throttled), false)).outcome());
    }

    @Test
    void repliesAreScrubbed() {
        DeliveryException e = classifier.classify(new SMTPException("AUTH PLAIN failed", 535,
                List.of("535 bad credentials s3cret"), false));
        assertFalse(e.smtpReply().contains("s3cret"));
        assertFalse(e.getMessage().contains("s3cret"));
        assertTrue(e.smtpReply().contains("[redacted]"));
    }

    @Test
    void onlyTransientOutcomesAreRetryable() {
        for (Outcome o : Outcome.values()) {
            assertEquals(o == Outcome.TRANSIENT || o == Outcome.RATE_LIMITED, o.retryable(), o.name());
        }
    }
}

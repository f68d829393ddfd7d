package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.List;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;

import dev.mailgate.smtp.LostAfterDotException;
import dev.mailgate.smtp.NothingSentException;
import io.smallrye.faulttolerance.api.RateLimitException;

/** Which failures pass a message to the next account, and which failure a caller hears when all accounts failed. */
class FailoverRulesTest {

    final SmtpFailureClassifier classifier = new SmtpFailureClassifier(s -> s);

    @Test
    void accountFaultsFailOverAndMessageFaultsDoNot() {
        assertTrue(Failover.accountFault(DeliveryException.of(Outcome.AUTH_FAILED, 535, "535 auth", "x")));
        assertTrue(Failover.accountFault(DeliveryException.of(Outcome.SENDER_REJECTED, 501, "501 from", "x")));
        assertTrue(Failover.accountFault(classifier.classify(new NothingSentException(new ConnectException("refused")))));
        assertTrue(Failover.accountFault(new ThrottledException(5, 550, "550 Connection frequency limited")));
        assertTrue(Failover.accountFault(new QuotaExceededException("primary", 450, 3600)));
        assertTrue(Failover.accountFault(new AccountCircuitOpenException("primary", 30)));
        assertTrue(Failover.accountFault(new RateLimitException(1000)));
        assertFalse(Failover.accountFault(DeliveryException.of(Outcome.PERMANENT_RECIPIENT, 550, "550 no", "x")));
        assertFalse(Failover.accountFault(DeliveryException.of(Outcome.PERMANENT_CONTENT, 554, "554 spam", "x")));
        assertFalse(Failover.accountFault(DeliveryException.answered(Outcome.TRANSIENT, 451, "451 later", "x")),
                "a 4xx inside a working session is retried, not failed over");
        assertFalse(Failover.accountFault(new DeliveryException.Stale("closed while idle")),
                "a stale pooled connection is retried on the same account");
        DeliveryException reset = classifier.classify(new NothingSentException(
                new dev.mailgate.smtp.StaleConnectionException(new java.io.IOException("Connection reset"))));
        assertTrue(reset instanceof DeliveryException.Stale && new RetryableFailure().test(reset)
                && !Failover.accountFault(reset), "a pooled connection reset by the server: retried here");
        assertFalse(Failover.accountFault(DeliveryException.of(Outcome.UNCERTAIN, null, null, "x")));
        assertFalse(Failover.accountFault(DeliveryException.of(Outcome.TIMEOUT, null, null, "x")));
    }

    @Test
    void anythingButAReplyAfterTheFinalDotIsUncertainAndNeverFailedOver() {
        // A TLS alert or a reset after the dot: the server may have kept the message before it went.
        DeliveryException tls = classifier.classify(new LostAfterDotException(new SSLException("alert")));
        DeliveryException other = classifier.classify(new LostAfterDotException(new IllegalStateException("boom")));
        assertEquals(Outcome.UNCERTAIN, tls.outcome());
        assertEquals(Outcome.UNCERTAIN, other.outcome());
        assertFalse(Failover.accountFault(tls));
        assertFalse(new RetryableFailure().test(other));
    }

    @Test
    void whenEveryAccountFailedThePassingFailureThenTheSoonestWaitThenTheFirstIsAnswered() {
        DeliveryException auth = DeliveryException.of(Outcome.AUTH_FAILED, 535, "535", "x");
        DeliveryException unreachable = classifier.classify(new NothingSentException(new ConnectException("refused")));
        QuotaExceededException quota = new QuotaExceededException("backup", 10, 3600);
        ThrottledException throttled = new ThrottledException(5, 550, "550 Connection frequency limited");
        DeliveryException sender = DeliveryException.of(Outcome.SENDER_REJECTED, 501, "501", "x");

        assertSame(unreachable, Router.best(List.of(auth, unreachable)), "a broken login must not fail the message");
        assertSame(unreachable, Router.best(List.of(unreachable, quota)), "nor a quota hold it until midnight");
        assertSame(throttled, Router.best(List.of(auth, quota, throttled)));
        assertSame(auth, Router.best(List.of(auth, sender)));
    }
}

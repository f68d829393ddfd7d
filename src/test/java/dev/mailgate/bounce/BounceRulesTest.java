package dev.mailgate.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Each row of the classification table, with a line in its source's own words; every row is exercised. */
class BounceRulesTest {

    /** status, action, text: the expected verdict and the row that gives it. */
    record Example(String status, String action, String text, BounceType type, int row) {
    }

    static final List<Example> EXAMPLES = List.of(
            new Example("5.0.0", null, "550 Ip frequency limited [192.0.2.1] http://service.mail.qq.com", BounceType.BLOCK, 0),
            new Example("5.0.0", null, "550 Connection frequency limited. http://service.mail.qq.com/", BounceType.BLOCK, 0),
            new Example("5.0.0", null, "550 DMARC check failed. http://service.mail.qq.com", BounceType.BLOCK, 1),
            new Example("5.7.26", null, "Unauthenticated email is not accepted; DKIM check failed", BounceType.BLOCK, 1),
            new Example("5.7.1", null, "550 5.7.1 Message content rejected, UBE, id=00000-00-000", BounceType.BLOCK, 2),
            new Example("5.7.1", null, "This message has been blocked because it looks like spam", BounceType.BLOCK, 2),
            new Example("5.7.1", null, "Our system has detected that this message is likely suspicious due to the very low"
                    + " reputation of the sending IP address", BounceType.BLOCK, 3),
            new Example("5.7.1", null, "Service unavailable; Client host [192.0.2.1] blocked using bl.example.org", BounceType.BLOCK, 3),
            new Example("5.7.1", null, "550 5.7.1 Relaying denied", BounceType.BLOCK, 4),
            new Example("5.0.0", null, "554 MI:SPM 163 mail rejected (see help.163.com)", BounceType.BLOCK, 5),
            new Example("5.7.9", null, "policy refusal", BounceType.BLOCK, 6),
            new Example("5.2.2", null, "552 5.2.2 <neko@example.org>: Quota exceeded (mailbox for user is full)", BounceType.SOFT, 7),
            new Example("5.0.0", null, "550 收件人邮箱已满", BounceType.SOFT, 7),
            new Example("4.7.1", null, "450 4.7.1 Greylisted, see http://postgrey.schweikert.ch", BounceType.SOFT, 8),
            new Example("4.4.1", null, "connect to nyaan.example.com[192.0.2.2]:25: No route to host", BounceType.SOFT, 9),
            new Example("5.2.2", null, "something about storage", BounceType.SOFT, 9),
            new Example("5.1.1", null, "550 5.1.1 <kijitora@example.co.jp>... User Unknown", BounceType.HARD, 10),
            new Example("5.1.10", null, "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", BounceType.HARD, 10),
            new Example("5.0.0", null, "The email account that you tried to reach does not exist", BounceType.HARD, 10),
            new Example("5.0.0", null, "退信原因：收件人邮箱不存在", BounceType.HARD, 11),
            new Example("5.4.4", null, "Host or domain name not found. Name service error for name=example.invalid", BounceType.HARD, 12),
            new Example("5.1.2", null, "bad destination system address", BounceType.HARD, 13),
            new Example("5.2.1", null, "mailbox disabled, not accepting messages", BounceType.HARD, 13),
            new Example("5.3.0", null, "other or undefined mail system status", BounceType.HARD, 14));

    @Test
    void everyRowGivesItsVerdictAndNamesItsSource() {
        Set<Integer> exercised = new HashSet<>();
        for (Example e : EXAMPLES) {
            BounceRules.Classified c = BounceRules.classify(e.status(), e.action(), e.text()).orElseThrow();
            assertEquals(e.type(), c.type(), e.toString());
            assertEquals(BounceRules.RULES.get(e.row()).source(), c.source(), e.toString());
            exercised.add(e.row());
        }
        for (int i = 0; i < BounceRules.RULES.size(); i++) {
            assertFalse(!exercised.contains(i), "row " + i + " (" + BounceRules.RULES.get(i).source() + ") has no example");
            assertFalse(BounceRules.RULES.get(i).source().isBlank(), "row " + i + " names its source");
        }
    }

    @Test
    void aDelayedActionIsSoftWhateverTheText() {
        assertEquals(BounceType.SOFT, BounceRules.classify("5.1.1", "delayed", "user unknown").orElseThrow().type());
    }

    @Test
    void aSuccessSaysNothing() {
        assertEquals(java.util.Optional.empty(), BounceRules.classify("2.0.0", "delivered", "250 ok"));
    }
}

package dev.mailgate.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real bounces from the public corpus sisimai/set-of-emails (BSD-2-Clause; see src/test/resources/bounces/) and two
 * hand-written Chinese notices: each is recognised, names its recipient, is classified, and points at its original
 * message. Auto-replies, read receipts, feedback reports and ordinary mail are left alone.
 */
class BounceParserTest {

    static byte[] fixture(String name) throws IOException {
        return dev.mailgate.support.BounceFixtures.read(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postfix-hard-lhost-postfix-04.eml | kijitora@example.co.jp | HARD | 5.1.1 | <A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>",
            "postfix-delayed-rfc3464-09.eml | kijitora-cat@mx4.gr3.example.jp | SOFT | 4.3.0 | <00000000000000000000000000000000000000000@example.org>",
            "postfix-delayed-rfc3464-34.eml | | SOFT | 4.4.1 | <20170429233445.FFFFFFFF02@smtp.neko.example.org>",
            "exim-hard-lhost-exim-02.eml | kijitora@example.jp | HARD | | <E1X58pB-0004bW-2s@marutamachi.example.org>",
            "exim-hard-lhost-exim-43.eml | kijitora@example.net | BLOCK | | <neko222-nyaaan-22@neko.example.com>",
            "office365-or-exchange-ndr-lhost-exchange2007-07.eml | kijitora@example.jp | HARD | 5.1.1 | <QCw92c-juIk7Y-w6@neko.example.com>",
            "office365-or-exchange-ndr-lhost-office365-13.eml | kijitora-nyaan@neko.kyoto.example.jp | HARD | 5.1.10 |",
            "gmail-hard-lhost-gmail-01.eml | userunknown@example.jp | HARD | 5.1.1 | <D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com>",
            "block-lhost-postfix-58.eml | neko-1718501322@gmail.com | BLOCK | | <LhK1wDyZgBzyTDCFC8KqxbXHkQzdFqCt@r18.example.org>",
            "block-rfc3464-08.eml | kijitora@example.net | BLOCK | 5.7.1 | <000000000000000000000000000000@mx.example.or.jp>",
            "mailbox-full-lhost-postfix-63.eml | neko@nyaaan.example.org | SOFT | 5.2.2 | <BA77602D-7E1E-4C1B-92C9-4A2324E3E141@example.jp>",
            "chinese-qq-rhost-tencent-01.eml | nekochan@qq.example.cn | BLOCK | | <20180429233445.1BFAC0EE7C9F@mail.example.net>",
            "chinese-qq-rhost-tencent-03.eml | neko@qq.example.cn | BLOCK | | <20180429233445.939E1DDF19E1@mail.example.com>",
            "qq-synthetic-notice.eml | nobody.here@example.com | HARD | | <qq-original-0001@qq.com>",
            "163-synthetic-nested-report.eml | ghost@example.net | HARD | 5.1.1 | <163-original-0001@163.com>" })
    void aBounceIsRecognisedClassifiedAndTiedToItsMessage(String file, String recipient, BounceType type, String status,
            String messageId) throws IOException {
        BounceParser.Result r = BounceParser.parse(fixture(file));
        BounceParser.Found found = assertInstanceOf(BounceParser.Found.class, r, file + ": " + r);
        Bounce b = found.bounce();
        Bounce.Recipient first = b.recipients().getFirst();
        if (recipient != null) {
            assertEquals(recipient.toLowerCase(), first.address().toLowerCase(), b.toString());
        }
        assertEquals(type, first.type(), b.toString());
        if (status != null) {
            assertEquals(status, first.status(), b.toString());
        }
        if (messageId != null) {
            assertTrue(b.messageIds().contains(messageId), b.messageIds() + " has no " + messageId);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "autoreply-rfc3834-01.eml | an auto-reply",
            "autoreply-rfc3834-04.eml | an auto-reply",
            "readreceipt-synthetic-mdn.eml | a read receipt",
            "negative-arf-arf-01.eml | a feedback report",
            "negative-not-bounce-is-not-bounce-02.eml | not a bounce" })
    void whatIsNotABounceIsLeftAlone(String file, String why) throws IOException {
        BounceParser.Result r = BounceParser.parse(fixture(file));
        assertEquals(new BounceParser.Ignored(why), r, file);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "exim-hard-lhost-exim-02.eml | 2" })
    void everyRecipientANoticeNamesIsReported(String file, int recipients) throws IOException {
        Bounce b = ((BounceParser.Found) BounceParser.parse(fixture(file))).bounce();
        assertEquals(recipients, b.recipients().size(), b.toString());
        assertEquals(List.of("kijitora@example.jp", "sabatora@example.jp"),
                b.recipients().stream().map(Bounce.Recipient::address).toList());
    }
}

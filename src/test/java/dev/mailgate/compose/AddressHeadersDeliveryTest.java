package dev.mailgate.compose;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Mime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * What arrived, read by a strict RFC 5322 parser (Apache mime4j), which takes the display name from the phrase of a
 * name-addr only: a name in a comment after the address, as the Vert.x encoder writes it, reads as no name.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class AddressHeadersDeliveryTest {

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void everyDisplayNameIsANameAddrPhraseThatDecodesExactly() throws Exception {
        given().contentType(ContentType.JSON).body("""
                {"from": "构建机器人 <bot@mailgate.test>",
                 "to": ["张三 <zhang@example.com>", "Doe, John <john@example.com>", "plain@example.com"],
                 "cc": ["Ops Team <ops@example.com>", "一个很长很长的中文显示名称用来测试编码词的长度限制和折行是否正确处理 <long@example.com>"],
                 "replyTo": ["李四 <li@example.com>"],
                 "subject": "部署完成 🚀 deploy finished for the payments service in every region we run in today",
                 "text": "x"}""")
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = GreenMailResource.greenMail().getReceivedMessages()[0];
        String raw = Mime.raw(m);
        assertMailboxes(raw, "From", List.of("构建机器人|bot@mailgate.test"));
        assertMailboxes(raw, "To", List.of("张三|zhang@example.com", "Doe, John|john@example.com", "|plain@example.com"));
        assertMailboxes(raw, "Cc", List.of("Ops Team|ops@example.com",
                "一个很长很长的中文显示名称用来测试编码词的长度限制和折行是否正确处理|long@example.com"));
        assertMailboxes(raw, "Reply-To", List.of("李四|li@example.com"));
        assertTrue(raw.contains("To: "), raw);
        assertTrue(header(raw, "To").contains(", plain@example.com") || header(raw, "To").contains(" plain@example.com"),
                "a bare address stays bare: " + header(raw, "To"));

        String subject = header(raw, "Subject");
        assertEquals("部署完成 🚀 deploy finished for the payments service in every region we run in today",
                DecoderUtil.decodeEncodedWords(unfold(subject), DecodeMonitor.STRICT));
        Matcher words = Pattern.compile("=\\?[^?]+\\?[BbQq]\\?[^?]*\\?=").matcher(raw.substring(0, raw.indexOf("\r\n\r\n")));
        while (words.find()) {
            assertTrue(words.group().length() <= 75, "encoded word over 75 characters: " + words.group());
        }
        for (String name : List.of("From", "To", "Cc", "Reply-To", "Subject")) {
            String[] lines = (name + ": " + header(raw, name)).split("\r\n");
            for (String line : lines) {
                assertTrue(line.length() <= 78, "header line over 78 characters: " + line);
            }
        }
    }

    /** Each mailbox as "name|address"; a name must come from the phrase (mime4j ignores comments). */
    private static void assertMailboxes(String raw, String name, List<String> expected) throws Exception {
        String value = unfold(header(raw, name));
        assertTrue(!value.contains("("), name + " must not carry a name in a comment: " + value);
        MailboxList list = DefaultAddressParser.DEFAULT.parseAddressList(value, DecodeMonitor.STRICT).flatten();
        assertEquals(expected.size(), list.size(), value);
        for (int i = 0; i < expected.size(); i++) {
            Mailbox mb = list.get(i);
            String[] want = expected.get(i).split("\\|", -1);
            if (want[0].isEmpty()) {
                assertNull(mb.getName(), value);
            } else {
                assertEquals(want[0], mb.getName(), value);
            }
            assertEquals(want[1], mb.getAddress());
        }
    }

    private static String header(String raw, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.*(?:\r\n[ \t].*)*)").matcher(raw);
        assertTrue(m.find(), name + " missing from:\n" + raw);
        return m.group(1);
    }

    private static String unfold(String value) {
        return value.replaceAll("\r\n(?=[ \t])", "");
    }
}

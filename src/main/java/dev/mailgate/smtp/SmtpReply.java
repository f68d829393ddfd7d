package dev.mailgate.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vertx.ext.mail.SMTPException;

/** One complete SMTP reply: its code and every line of it, as the server sent them. */
public record SmtpReply(int code, List<String> lines) {

    private static final Charset GBK = Charset.forName("GBK");

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    /** The text after the code on every line, for capability lists. */
    List<String> texts() {
        return lines.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList();
    }

    /** The failure for this reply; {@code phase} says what was refused, in the words the classifier reads. */
    SMTPException failure(String phase) {
        return new SMTPException(phase, code, lines, false);
    }

    /**
     * Reply text is ASCII by the standard, but QQ sends GBK at times: take UTF-8 when the bytes are valid UTF-8,
     * else GBK, so the text stays readable instead of turning into replacement characters.
     */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, GBK);
        }
    }
}

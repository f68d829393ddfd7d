package dev.mailgate.compose;

import io.quarkus.mailer.Attachment;

/**
 * An attachment whose content is already in memory. Quarkus keeps attachment data as a publisher of single bytes;
 * this keeps the array too, so delivery can hand it to the encoder in one piece.
 */
public final class InMemoryAttachment extends Attachment {

    private final byte[] bytes;

    InMemoryAttachment(byte[] bytes, String contentType) {
        super(null, bytes, contentType);
        this.bytes = bytes;
    }

    public byte[] bytes() {
        return bytes;
    }
}

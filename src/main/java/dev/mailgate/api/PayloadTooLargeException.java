package dev.mailgate.api;

/** A request within the HTTP body limit whose content exceeds one of mailgate's size limits. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message, null, false, false);
    }
}

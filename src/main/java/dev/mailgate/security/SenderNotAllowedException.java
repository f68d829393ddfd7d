package dev.mailgate.security;

/** The From address is not one the caller (or the provider) allows. */
public class SenderNotAllowedException extends RuntimeException {
    public SenderNotAllowedException(String message) {
        super(message, null, false, false);
    }
}

package dev.mailgate.template.user;

/** A render stopped at one of its limits; the message says which, and the message is not sent. */
public class RenderLimitException extends RuntimeException {

    RenderLimitException(String message) {
        super(message, null, false, false);
    }
}

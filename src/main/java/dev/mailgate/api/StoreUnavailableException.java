package dev.mailgate.api;

/** The store could not be read or written: nothing was stored or sent, and the request may be sent again. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Throwable cause) {
        super(cause.getMessage(), cause, false, false);
    }
}

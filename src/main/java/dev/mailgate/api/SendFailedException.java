package dev.mailgate.api;

/** A synchronous send that failed after it got an id: its problem answer carries the id, so the record can be found. */
public class SendFailedException extends RuntimeException {

    private final String id;

    public SendFailedException(String id, Throwable cause) {
        super(cause.getMessage(), cause, false, false);
        this.id = id;
    }

    public String id() {
        return id;
    }
}

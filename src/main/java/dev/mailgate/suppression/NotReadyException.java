package dev.mailgate.suppression;

/** The list is not in memory yet (just after start), and this thread may not wait for the store: try again. */
public class NotReadyException extends RuntimeException {
    public NotReadyException() {
        super("The suppression list is still being loaded; try again in a moment.", null, false, false);
    }
}

package dev.mailgate.delivery;

/** The configured daily quota is used up; nothing was sent. */
public class QuotaExceededException extends RuntimeException {

    private final long retryAfterSeconds;

    public QuotaExceededException(String account, int quota, long retryAfterSeconds) {
        super("The daily quota of " + quota + " messages of account " + account + " is used up; it resets at"
                + " midnight.", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

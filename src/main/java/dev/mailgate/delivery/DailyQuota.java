package dev.mailgate.delivery;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;

/**
 * Optional cap on accepted messages per day, counted in the provider's time zone: providers such as QQ and Gmail
 * suspend accounts that exceed their daily sending limit, which is far worse than a 429. Per instance; with several
 * replicas, divide the provider's limit between them.
 */
@ApplicationScoped
public class DailyQuota {

    private final Optional<Integer> limit;
    private final ZoneId zone;
    private final AtomicReference<LocalDate> day = new AtomicReference<>();
    private final AtomicInteger used = new AtomicInteger();

    public DailyQuota(MailgateConfig config) {
        this.limit = config.delivery().dailyQuota();
        this.zone = config.delivery().quotaZone();
    }

    /** Throws when today's quota is used up. */
    void check() {
        if (limit.isEmpty()) {
            return;
        }
        rollOver();
        if (used.get() >= limit.get()) {
            ZonedDateTime now = ZonedDateTime.now(zone);
            long seconds = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(zone)).toSeconds();
            throw new QuotaExceededException(limit.get(), Math.max(1, seconds));
        }
    }

    void accepted() {
        if (limit.isPresent()) {
            rollOver();
            used.incrementAndGet();
        }
    }

    public int usedToday() {
        rollOver();
        return used.get();
    }

    private void rollOver() {
        LocalDate today = LocalDate.now(zone);
        LocalDate seen = day.get();
        if (!today.equals(seen) && day.compareAndSet(seen, today)) {
            used.set(0);
        }
    }
}

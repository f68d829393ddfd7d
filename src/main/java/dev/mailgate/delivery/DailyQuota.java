package dev.mailgate.delivery;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/**
 * Optional cap on messages handed to the provider per day, counted in the provider's time zone: providers such as
 * QQ and Gmail suspend accounts that exceed their daily sending limit, which is far worse than a 429. Each attempt
 * reserves one before it starts and gives it back if nothing can have been delivered, so concurrent sends never
 * overshoot. On PostgreSQL the count is shared by every replica ({@link SharedLimits}); on the embedded store it is
 * this process's.
 */
public class DailyQuota {

    private static final Logger LOG = Logger.getLogger(DailyQuota.class);

    private final String account;
    private final Optional<Integer> limit;
    private final ZoneId zone;
    private final SharedLimits shared;
    private final AtomicReference<LocalDate> day = new AtomicReference<>();
    private final AtomicInteger used = new AtomicInteger();

    /** {@code account}'s quota of {@code limit} a day (none when empty), counted in {@code zone}. */
    public DailyQuota(String account, Optional<Integer> limit, ZoneId zone, SharedLimits shared) {
        this.account = account;
        this.limit = limit;
        this.zone = zone;
        this.shared = shared;
    }

    public Optional<Integer> limit() {
        return limit;
    }

    /** Today's count so far: this process's on the embedded store, every replica's on PostgreSQL. Blocking there. */
    public int used() {
        LocalDate today = LocalDate.now(zone);
        if (!shared.shared()) {
            rollOver(today);
            return used.get();
        }
        try {
            return shared.usedQuota(account, today);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    /**
     * Reserves one of today's messages; fails with {@link QuotaExceededException} when none is left. Completes with
     * the day reserved on (null without a quota), which {@link #release} needs.
     */
    Uni<LocalDate> reserve() {
        if (limit.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        LocalDate today = LocalDate.now(zone);
        if (!shared.shared()) {
            rollOver(today);
            return used.getAndUpdate(n -> n < limit.get() ? n + 1 : n) < limit.get() ? Uni.createFrom().item(today)
                    : Uni.createFrom().failure(exceeded());
        }
        return Uni.createFrom().item(() -> {
            try {
                return shared.reserveQuota(account, today, limit.get());
            } catch (java.sql.SQLException e) {
                throw new LimitsUnavailableException("daily quota", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(ok -> ok ? Uni.createFrom().item(today) : Uni.createFrom().failure(exceeded()));
    }

    /** Gives back a reservation whose message was certainly not delivered. */
    void release(LocalDate reservedOn) {
        if (reservedOn == null) {
            return;
        }
        if (!shared.shared()) {
            if (reservedOn.equals(day.get())) {
                used.updateAndGet(n -> Math.max(0, n - 1));
            }
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                shared.releaseQuota(account, reservedOn);
            } catch (java.sql.SQLException e) {
                // Counted as used: the quota errs on the side of sending less.
                LOG.warnf("daily quota of account %s: a reservation was not given back: %s", account, e.getMessage());
            }
        });
    }

    private QuotaExceededException exceeded() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        // Rounded up: a message deferred to a moment before midnight would only meet the full quota again.
        long ms = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(zone)).toMillis();
        return new QuotaExceededException(account, limit.get(), Math.max(1, (ms + 999) / 1000));
    }

    private void rollOver(LocalDate today) {
        LocalDate seen = day.get();
        if (!today.equals(seen) && day.compareAndSet(seen, today)) {
            used.set(0);
        }
    }
}

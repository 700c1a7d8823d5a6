package io.veostatus.kernel;

import java.time.Duration;
import java.time.Instant;

/**
 * The window in which a time about a Veo task can lie: not before 2020 (Veo 3 came out in 2025; anything
 * older is a unit mistake or a zero) and not more than a day ahead of this function's clock (an upstream
 * in another time zone, or a clock that runs ahead, stays inside). The same window applies wherever a
 * time comes in: the upstream's {@code createTime} and {@code completeTime}, and a caller's
 * {@code poll.firstPolledAt}. Inside it, every derived number of seconds is exact in a JavaScript number.
 */
public final class PlausibleTime {

    public static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");
    public static final Duration LATEST_AHEAD = Duration.ofDays(1);
    /**
     * How far another clock (the Veo API's, another instance's) may run ahead of this one's: a record created that
     * little in the future is new, and a time this function wrote that little in the future is its own.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private PlausibleTime() {
    }

    public static boolean plausible(Instant time, Instant now) {
        return !time.isBefore(EARLIEST) && !time.isAfter(now.plus(LATEST_AHEAD));
    }
}

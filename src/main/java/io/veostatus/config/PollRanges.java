package io.veostatus.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What the poll policy's settings ({@link PollConfig}, {@code VEO_POLL_*}) may be. Each duration is whole seconds,
 * since the policy advises whole seconds, and at most a day, the longest wait budget and fixed interval a caller may
 * give; the waits run from {@code VEO_POLL_MIN_INTERVAL} (at least 1 s) up to {@code VEO_POLL_MAX_INTERVAL}, with the
 * window's interval between them; and the dense window holds the expected generation time, its centre: it opens at a
 * share of it (0 to 1) and closes at a multiple of it (1 or more). Checked when the function starts
 * (status/poll/PollConfigCheck), so that a value outside these fails the start with one sentence naming the setting
 * instead of being replaced, without a word, by the nearest one the policy can use.
 */
public final class PollRanges {

    /** The longest duration of any setting: a day, as for a caller's maxWaitSeconds and pollIntervalSeconds. */
    private static final Duration LONGEST = Duration.ofDays(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private PollRanges() {
    }

    /** What is wrong with {@code poll}, as one sentence naming the first setting out of its range; empty when none is. */
    public static Optional<String> problem(PollConfig poll) {
        String min = "VEO_POLL_MIN_INTERVAL (" + shown(poll.minInterval()) + ")";
        String max = "VEO_POLL_MAX_INTERVAL (" + shown(poll.maxInterval()) + ")";
        return seconds("VEO_POLL_MAX_WAIT", poll.maxWait(), SECOND, "1s", LONGEST, "24h")
                .or(() -> seconds("VEO_POLL_EXPECTED_GENERATION", poll.expectedGeneration(), SECOND, "1s", LONGEST, "24h"))
                .or(() -> number("VEO_POLL_WINDOW_OPENS", poll.windowOpens(), 0, 1,
                        "a share of VEO_POLL_EXPECTED_GENERATION from 0 to 1"))
                .or(() -> number("VEO_POLL_WINDOW_CLOSES", poll.windowCloses(), 1, Double.MAX_VALUE,
                        "a multiple of VEO_POLL_EXPECTED_GENERATION of 1 or more"))
                .or(() -> seconds("VEO_POLL_MIN_INTERVAL", poll.minInterval(), SECOND, "1s", LONGEST, "24h"))
                .or(() -> seconds("VEO_POLL_MAX_INTERVAL", poll.maxInterval(), poll.minInterval(), min, LONGEST, "24h"))
                .or(() -> seconds("VEO_POLL_INTERVAL_IN_WINDOW", poll.intervalInWindow(), poll.minInterval(), min,
                        poll.maxInterval(), max));
    }

    private static Optional<String> seconds(String name, Duration value, Duration least, String leastShown, Duration most,
            String mostShown) {
        if (value.toNanosPart() != 0 || value.compareTo(least) < 0 || value.compareTo(most) > 0) {
            return Optional.of(name + " must be a whole number of seconds from " + leastShown + " to " + mostShown
                    + ", but it is " + shown(value) + ".");
        }
        return Optional.empty();
    }

    private static Optional<String> number(String name, double value, double least, double most, String what) {
        if (!Double.isFinite(value) || value < least || value > most) {
            return Optional.of(name + " must be " + what + ", but it is " + value + ".");
        }
        return Optional.empty();
    }

    /** A duration as the settings are written: 90s, 1500ms. */
    private static String shown(Duration value) {
        return value.toNanosPart() % 1_000_000 != 0 ? value.toString()
                : value.toMillisPart() != 0 ? value.toMillis() + "ms" : value.toSeconds() + "s";
    }
}

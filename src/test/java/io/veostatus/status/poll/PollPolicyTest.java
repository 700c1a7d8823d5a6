package io.veostatus.status.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.PollConfig;
import io.veostatus.taskstatus.TaskState;

/** The adaptive poll policy with its default settings (expected 3 min, window 90..360 s every 15 s). */
class PollPolicyTest {

    /** The shipped defaults, so that this table pins what users get. */
    private static final PollPolicy POLICY = new PollPolicy(ConfigDefaults.of(PollConfig.class));
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            a new task waits until the window opens            | GENERATING | 3    | 3    | 1200 | -  | 87
            a young task waits until the window opens          | GENERATING | 60   | 57   | 1200 | -  | 30
            just before the window, the shortest wait          | GENERATING | 88   | 85   | 1200 | -  | 5
            inside the window, the window interval             | GENERATING | 200  | 197  | 1200 | -  | 15
            at the window's end still the window interval      | GENERATING | 359  | 356  | 1200 | -  | 15
            in the tail the wait grows with age                | GENERATING | 1440 | 1000 | 1200 | -  | 30
            far in the tail it is capped                       | GENERATING | 90000| 600  | 1200 | -  | 90
            created a second ahead of our clock: new           | GENERATING | -1   | 0    | 1200 | -  | 90
            created within the clock skew ahead: still new     | GENERATING | -59  | 0    | 1200 | -  | 90
            created hours ahead: age unknown, window's pace    | GENERATING | -7200| 0    | 1200 | -  | 15
            unknown age on a first poll: no long early wait    | GENERATING | -    | 0    | 1200 | -  | 15
            unknown age later: still the window's pace         | GENERATING | -    | 30   | 1200 | -  | 15
            unknown age far on: the tail from the first poll   | GENERATING | -    | 1440 | 1500 | -  | 30
            a caller's fixed interval replaces the policy      | GENERATING | 200  | 197  | 1200 | 7  | 7
            the last wait is cut to the budget                 | GENERATING | 200  | 197  | 200  | -  | 4
            a fixed interval is cut to the budget too          | GENERATING | 200  | 197  | 200  | 60 | 4
            past the budget the wait is still one second       | GENERATING | 300  | 297  | 200  | -  | 1
            a done task needs no further poll                  | SUCCEEDED  | 200  | 197  | 1200 | -  | 0
            a failed task needs no further poll                | FAILED     | 200  | 197  | 1200 | 7  | 0
            """)
    void advises(String name, TaskState state, Long ageSeconds, long sinceFirstPoll, long maxWait, Long fixedInterval,
            long expected) {
        Instant createdAt = ageSeconds == null ? null : NOW.minusSeconds(ageSeconds);
        long advised = POLICY.nextPollSeconds(new PollPolicy.Inputs(state, createdAt, NOW.minusSeconds(sinceFirstPoll), NOW,
                maxWait, fixedInterval));
        assertEquals(expected, advised, name);
    }

    /** A setting out of its range is refused with the sentence that names it, not replaced by the nearest usable one. */
    @Test
    void aSettingOutOfItsRangeIsRefusedNotClamped() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new PollPolicy(ConfigDefaults.of(PollConfig.class, Map.of("veo.poll.interval-in-window", "120s"))));
        assertEquals("VEO_POLL_INTERVAL_IN_WINDOW must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to "
                + "VEO_POLL_MAX_INTERVAL (90s), but it is 120s.", refused.getMessage());
    }
}

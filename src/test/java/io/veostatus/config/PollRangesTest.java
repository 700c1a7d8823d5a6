package io.veostatus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the poll policy's settings may be: whole seconds up to a day, the waits ordered shortest, window, longest, and a
 * window that holds the expected generation time; anything else is refused with one sentence that names the setting
 * and shows the value.
 */
class PollRangesTest {

    @Test
    void theDefaultsAreAccepted() {
        assertEquals(Optional.empty(), PollRanges.problem(ConfigDefaults.of(PollConfig.class)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the shortest of each                     | 1s  | 1s  | 0   | 1     | 1s  | 1s  | 1s
            the longest of each                      | 24h | 24h | 1   | 1000  | 24h | 24h | 24h
            an ISO-8601 duration                     | PT20M | PT3M | 0.5 | 2.0 | PT15S | PT5S | PT90S
            a window from the start to the expected | 20m | 3m  | 0   | 1     | 15s | 5s  | 90s
            one wait for all three                   | 20m | 3m  | 0.5 | 2.0   | 30s | 30s | 30s
            """)
    void accepted(String name, String maxWait, String expected, String opens, String closes, String inWindow, String min,
            String max) {
        assertEquals(Optional.empty(), PollRanges.problem(poll(Map.of("veo.poll.max-wait", maxWait,
                "veo.poll.expected-generation", expected, "veo.poll.window-opens", opens, "veo.poll.window-closes", closes,
                "veo.poll.interval-in-window", inWindow, "veo.poll.min-interval", min, "veo.poll.max-interval", max))), name);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            max-wait           | 0s     | VEO_POLL_MAX_WAIT must be a whole number of seconds from 1s to 24h, but it is 0s.
            max-wait           | 25h    | VEO_POLL_MAX_WAIT must be a whole number of seconds from 1s to 24h, but it is 90000s.
            max-wait           | 1500ms | VEO_POLL_MAX_WAIT must be a whole number of seconds from 1s to 24h, but it is 1500ms.
            expected-generation | PT-3M | VEO_POLL_EXPECTED_GENERATION must be a whole number of seconds from 1s to 24h, but it is -180s.
            window-opens       | -0.1   | VEO_POLL_WINDOW_OPENS must be a share of VEO_POLL_EXPECTED_GENERATION from 0 to 1, but it is -0.1.
            window-opens       | 1.5    | VEO_POLL_WINDOW_OPENS must be a share of VEO_POLL_EXPECTED_GENERATION from 0 to 1, but it is 1.5.
            window-opens       | NaN    | VEO_POLL_WINDOW_OPENS must be a share of VEO_POLL_EXPECTED_GENERATION from 0 to 1, but it is NaN.
            window-closes      | 0.9    | VEO_POLL_WINDOW_CLOSES must be a multiple of VEO_POLL_EXPECTED_GENERATION of 1 or more, but it is 0.9.
            window-closes      | Infinity | VEO_POLL_WINDOW_CLOSES must be a multiple of VEO_POLL_EXPECTED_GENERATION of 1 or more, but it is Infinity.
            min-interval       | 500ms  | VEO_POLL_MIN_INTERVAL must be a whole number of seconds from 1s to 24h, but it is 500ms.
            min-interval       | 0s     | VEO_POLL_MIN_INTERVAL must be a whole number of seconds from 1s to 24h, but it is 0s.
            max-interval       | 4s     | VEO_POLL_MAX_INTERVAL must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to 24h, but it is 4s.
            max-interval       | 48h    | VEO_POLL_MAX_INTERVAL must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to 24h, but it is 172800s.
            interval-in-window | 4s     | VEO_POLL_INTERVAL_IN_WINDOW must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to VEO_POLL_MAX_INTERVAL (90s), but it is 4s.
            interval-in-window | 91s    | VEO_POLL_INTERVAL_IN_WINDOW must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to VEO_POLL_MAX_INTERVAL (90s), but it is 91s.
            interval-in-window | 15500ms | VEO_POLL_INTERVAL_IN_WINDOW must be a whole number of seconds from VEO_POLL_MIN_INTERVAL (5s) to VEO_POLL_MAX_INTERVAL (90s), but it is 15500ms.
            """)
    void refused(String setting, String value, String sentence) {
        assertEquals(Optional.of(sentence), PollRanges.problem(poll(Map.of("veo.poll." + setting, value))));
    }

    @Test
    void onlyTheFirstSettingOutOfRangeIsNamed() {
        assertEquals(Optional.of("VEO_POLL_WINDOW_OPENS must be a share of VEO_POLL_EXPECTED_GENERATION from 0 to 1, but it "
                + "is 2.0."), PollRanges.problem(poll(Map.of("veo.poll.window-opens", "2", "veo.poll.min-interval", "0s"))));
    }

    private static PollConfig poll(Map<String, String> values) {
        return ConfigDefaults.of(PollConfig.class, values);
    }
}

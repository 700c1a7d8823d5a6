package io.veostatus.status.poll;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import io.veostatus.config.PollConfig;
import io.veostatus.config.PollRanges;
import io.veostatus.lambda.InitFailure;

/**
 * Ends the init phase with one sentence ({@link InitFailure}) when a poll-policy setting ({@code VEO_POLL_*}) is outside
 * its range ({@link PollRanges}): {@link PollPolicy} refuses such a setting, so a function that started with it would
 * fail every poll instead of its start. First of the start-up observers, with the other checks of the settings, before
 * the warm-up creates the poller.
 */
@ApplicationScoped
class PollConfigCheck {

    void check(@Observes @Priority(1) StartupEvent start, PollConfig poll) {
        PollRanges.problem(poll).ifPresent(InitFailure::end);
    }
}

package io.veostatus.status.poll;

import java.time.Duration;
import java.time.Instant;

import io.veostatus.config.PollConfig;
import io.veostatus.config.PollRanges;
import io.veostatus.kernel.PlausibleTime;
import io.veostatus.taskstatus.TaskState;

/**
 * Advises how long to wait before polling a task again ({@code poll.nextPollSeconds}).
 *
 * <p>Why this shape: a poll costs a Lambda invocation and three state transitions, and a Veo 3 video
 * takes a few minutes. Polling early is almost always wasted, and polling late delays the user. So
 * the policy waits long while the task is young, polls densely (every {@code interval-in-window})
 * around the expected generation time, from {@code window-opens} to {@code window-closes} times it,
 * and in the rare long tail lets the wait grow with the task's age, up to {@code max-interval}. The
 * age is taken from the task's {@code createdAt}; without it the task may be old already, so it is
 * polled at the window's pace from the start, and its age counts from the first poll. A caller's fixed interval replaces all of this, and the
 * last wait is always cut so that the caller's budget is not overshot by more than a second.
 */
public final class PollPolicy {

    private final long windowOpens;
    private final long windowCloses;
    private final long inWindow;
    private final long min;
    private final long max;

    /** @throws IllegalArgumentException when a setting is outside its range ({@link PollRanges}), naming it */
    public PollPolicy(PollConfig config) {
        PollRanges.problem(config).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        long expected = config.expectedGeneration().toSeconds();
        this.windowOpens = Math.round(expected * config.windowOpens());
        this.windowCloses = Math.round(expected * config.windowCloses());
        this.min = config.minInterval().toSeconds();
        this.max = config.maxInterval().toSeconds();
        this.inWindow = config.intervalInWindow().toSeconds();
    }

    /** What the advice depends on: the task as last seen and the poll bookkeeping. */
    public record Inputs(TaskState state, Instant createdAt, Instant firstPolledAt, Instant now, long maxWaitSeconds,
            Long fixedIntervalSeconds) {
    }

    /** @return 0 when the task is done, else the advised wait in whole seconds (at least 1) */
    public long nextPollSeconds(Inputs in) {
        if (in.state().done()) {
            return 0;
        }
        long elapsed = Math.max(0, Duration.between(in.firstPolledAt(), in.now()).toSeconds());
        // One second past the budget is enough for the next poll to report TIMED_OUT.
        long untilBudgetPassed = Math.max(1, in.maxWaitSeconds() - elapsed + 1);
        long advised = in.fixedIntervalSeconds() != null ? in.fixedIntervalSeconds() : adaptive(in);
        return Math.max(1, Math.min(advised, untilBudgetPassed));
    }

    private long adaptive(Inputs in) {
        // A record created a little in the future (PlausibleTime.CLOCK_SKEW) is new: its age is 0, not unknown.
        boolean ageKnown = in.createdAt() != null && !in.createdAt().isAfter(in.now().plus(PlausibleTime.CLOCK_SKEW));
        long age = Math.max(0, Duration.between(ageKnown ? in.createdAt() : in.firstPolledAt(), in.now()).toSeconds());
        if (!ageKnown) {
            // A task of unknown age may be old already: never an early wait, at least the window's pace.
            age = Math.max(age, windowOpens);
        }
        long advised;
        if (age < windowOpens) {
            advised = windowOpens - age;
        } else if (age < windowCloses) {
            advised = inWindow;
        } else {
            advised = Math.round(inWindow * Math.sqrt((double) age / windowCloses));
        }
        return Math.min(max, Math.max(min, advised));
    }
}

package io.veostatus.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.PollConfig;
import io.veostatus.status.poll.PollPolicy;
import io.veostatus.taskstatus.TaskState;

/**
 * Simulates many Veo tasks polled by the Step Functions loop under several schedules and prints what
 * each costs and how late it notices a finished video, then the request rate the Veo API sees when many
 * tasks are polled at once (UpstreamRateBenchmark). Compiled and run only in the bench profile:
 *
 * <pre>./mvnw -B -Pbench test-compile exec:java -Dexec.mainClass=io.veostatus.bench.PollScheduleBenchmark</pre>
 *
 * The tasks are those of {@link SimulatedTasks}; each poll is three state transitions ({@link PollLoop}), priced at
 * 0.025 USD per 1,000 transitions.
 */
public final class PollScheduleBenchmark {

    /** Step Functions (standard workflows): 0.025 USD per 1,000 state transitions. */
    static final double USD_PER_TRANSITION = 0.025 / 1000;

    /** When the next poll happens, given the state of the simulated loop. */
    interface Schedule {
        long nextWait(double age, double sinceFirstPoll, int attempt);

        /** The function's advice under the default poll settings, to a loop with the default wait budget. */
        static Schedule adaptive() {
            PollPolicy policy = new PollPolicy(ConfigDefaults.of(PollConfig.class));
            Instant created = Instant.parse("2026-01-01T00:00:00Z");
            return (age, sinceFirst, attempt) -> policy.nextPollSeconds(new PollPolicy.Inputs(TaskState.GENERATING, created,
                    created.plusMillis(Math.round((age - sinceFirst) * 1000)), created.plusMillis(Math.round(age * 1000)),
                    (long) UpstreamRateSimulation.MAX_WAIT_SECONDS, null));
        }
    }

    private PollScheduleBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, Schedule> schedules = new LinkedHashMap<>();
        schedules.put("adaptive (default policy)", Schedule.adaptive());
        schedules.put("fixed 5 s", (age, sinceFirst, attempt) -> 5);
        schedules.put("fixed 10 s", (age, sinceFirst, attempt) -> 10);
        schedules.put("fixed 30 s", (age, sinceFirst, attempt) -> 30);
        schedules.put("3 s x1.1 up to 30 s", (age, sinceFirst, attempt) -> Math.round(Math.min(30, 3 * Math.pow(1.1, attempt - 1))));

        SimulatedTasks tasks = SimulatedTasks.draw();
        System.out.printf(Locale.ROOT, "%s%n%n", tasks.describe());
        System.out.printf(Locale.ROOT, "| %-26s | %10s | %17s | %20s | %15s | %15s |%n", "schedule", "polls/task",
                "transitions/task", "USD per 1,000 tasks", "delay p50 (s)", "delay p95 (s)");
        System.out.println("|" + "-".repeat(28) + "|" + "-".repeat(12) + "|" + "-".repeat(19) + "|" + "-".repeat(22) + "|"
                + "-".repeat(17) + "|" + "-".repeat(17) + "|");
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, Schedule> schedule : schedules.entrySet()) {
            double[] polls = new double[tasks.count()];
            double[] delays = new double[tasks.count()];
            for (int i = 0; i < tasks.count(); i++) {
                PollLoop loop = PollLoop.run(schedule.getValue(), tasks.startAt(i), tasks.endAt(i));
                polls[i] = loop.polls();
                delays[i] = loop.detectedAt() - tasks.endAt(i);
            }
            double meanPolls = Arrays.stream(polls).average().orElseThrow();
            double transitions = meanPolls * PollLoop.TRANSITIONS_PER_POLL;
            results.put(schedule.getKey(), new double[] { meanPolls, UpstreamRateSimulation.quantile(delays, 0.95) });
            System.out.printf(Locale.ROOT, "| %-26s | %10.1f | %17.1f | %20.3f | %15.1f | %15.1f |%n", schedule.getKey(),
                    meanPolls, transitions, transitions * USD_PER_TRANSITION * 1000, UpstreamRateSimulation.quantile(delays, 0.5),
                    UpstreamRateSimulation.quantile(delays, 0.95));
        }
        double[] adaptive = results.get("adaptive (default policy)");
        double[] fixed10 = results.get("fixed 10 s");
        System.out.printf(Locale.ROOT, "%nTarget for the default policy: at most half the polls of fixed 10 s "
                + "(%.1f <= %.1f: %s) and p95 detection delay at most 15 s (%.1f s: %s)%n", adaptive[0], fixed10[0] / 2,
                adaptive[0] <= fixed10[0] / 2 ? "met" : "NOT met", adaptive[1], adaptive[1] <= 15 ? "met" : "NOT met");

        UpstreamRateBenchmark.print(schedules.get("adaptive (default policy)"), schedules.get("fixed 10 s"));
    }
}

package io.veostatus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.veostatus.bench.UpstreamRateSimulation.Execution;
import io.veostatus.bench.UpstreamRateSimulation.Result;
import io.veostatus.bench.UpstreamRateSimulation.Task;
import io.veostatus.statemachine.BatchLimits;

/**
 * Prints the request rate the Veo API sees: 1,000 tasks created together, and a steady 10 new tasks per
 * minute, under the default policy and fixed 10 s; then, for 1,000 tasks together, what each maxConcurrency
 * of the batch machine gives, which is where its default comes from. Run by PollScheduleBenchmark.
 */
final class UpstreamRateBenchmark {

    private static final int TOGETHER = 1_000;
    private static final int STEADY_PER_MINUTE = 10;
    private static final int STEADY_MINUTES = 60;
    /** Seconds from creating the tasks to starting the batches that poll them. */
    private static final double BATCH_STARTS_AFTER = 5;
    private static final int[] CONCURRENCIES = { 1, 2, 5, 10, 20, 50, 100, 400 };

    private record Scenario(String name, List<Execution> executions) {
    }

    private UpstreamRateBenchmark() {
    }

    static void print(PollScheduleBenchmark.Schedule adaptive, PollScheduleBenchmark.Schedule fixed10) {
        BatchLimits limits = BatchLimits.read();
        Random random = new Random(7);
        List<Task> together = new ArrayList<>();
        List<Double> startDelays = new ArrayList<>();
        for (int i = 0; i < TOGETHER; i++) {
            together.add(new Task(0, SimulatedTasks.generationSeconds(random)));
            startDelays.add(1 + 4 * random.nextDouble());
        }
        List<Execution> steady = new ArrayList<>();
        for (int i = 0; i < STEADY_PER_MINUTE * STEADY_MINUTES; i++) {
            double created = i * 60.0 / STEADY_PER_MINUTE;
            steady.add(new Execution(created + 1 + 4 * random.nextDouble(),
                    List.of(new Task(created, SimulatedTasks.generationSeconds(random))), 1));
        }
        List<Execution> singles = new ArrayList<>();
        for (int i = 0; i < TOGETHER; i++) {
            singles.add(new Execution(startDelays.get(i), List.of(together.get(i)), 1));
        }
        List<Execution> batches = batches(together, limits.maxBatch(), limits.defaultMaxConcurrency());

        System.out.printf(Locale.ROOT, "%nUpstream request rate (record-info calls). A child's first request %.1f s after "
                + "its Map slot frees, %.1f s per poll, %.1f s from the last answer to the child's end; a freed slot is "
                + "refilled at once. 1,000 tasks together: created at 0 s; one single-loop execution each started 1-5 s "
                + "later, or batches of at most %d started at %.0f s with the default maxConcurrency (%d). "
                + "Steady: 10 new tasks a minute for %d minutes, one single-loop execution each.%n%n",
                UpstreamRateSimulation.CHILD_START_SECONDS, UpstreamRateSimulation.POLL_SECONDS,
                UpstreamRateSimulation.CHILD_END_SECONDS, limits.maxBatch(), BATCH_STARTS_AFTER,
                limits.defaultMaxConcurrency(), STEADY_MINUTES);
        System.out.printf(Locale.ROOT, "| %-45s | %-9s | %8s | %10s | %16s | %17s | %10s | %15s |%n", "tasks, polled by",
                "schedule", "requests", "mean req/s", "peak req/s (1 s)", "peak req/s (10 s)", "polls/task",
                "last result (s)");
        System.out.println("|" + "-".repeat(47) + "|" + "-".repeat(11) + "|" + "-".repeat(10) + "|" + "-".repeat(12) + "|"
                + "-".repeat(18) + "|" + "-".repeat(19) + "|" + "-".repeat(12) + "|" + "-".repeat(17) + "|");
        String batched = String.format(Locale.ROOT, "1,000 together, %d batches x maxConcurrency %d",
                batches.size(), limits.defaultMaxConcurrency());
        for (Scenario scenario : List.of(new Scenario("1,000 together, 1,000 single executions", singles),
                new Scenario(batched, batches), new Scenario("10 new a minute, a single execution each", steady))) {
            rateRow(scenario.name(), "adaptive", UpstreamRateSimulation.run(scenario.executions(), adaptive));
            rateRow(scenario.name(), "fixed 10s", UpstreamRateSimulation.run(scenario.executions(), fixed10));
        }

        System.out.printf(Locale.ROOT, "%nOne batch of %d tasks created together, default policy, by maxConcurrency; "
                + "the last column with 5%% of the tasks never finishing (each holds its slot until it times out after %.0f s):%n%n",
                limits.maxBatch(), UpstreamRateSimulation.MAX_WAIT_SECONDS);
        System.out.printf(Locale.ROOT, "| %14s | %10s | %16s | %17s | %15s | %22s |%n", "maxConcurrency", "mean req/s",
                "peak req/s (1 s)", "peak req/s (10 s)", "last result (s)", "last result, 5% stuck");
        System.out.println("|" + "-".repeat(16) + "|" + "-".repeat(12) + "|" + "-".repeat(18) + "|" + "-".repeat(19) + "|"
                + "-".repeat(17) + "|" + "-".repeat(24) + "|");
        List<Task> batch = together.subList(0, limits.maxBatch());
        List<Task> someStuck = new ArrayList<>(batch);
        for (int i = 0; i < someStuck.size(); i += 20) {
            someStuck.set(i, new Task(0, Double.POSITIVE_INFINITY));
        }
        for (int concurrency : CONCURRENCIES) {
            Result result = UpstreamRateSimulation.run(batches(batch, limits.maxBatch(), concurrency), adaptive);
            Result stuck = UpstreamRateSimulation.run(batches(someStuck, limits.maxBatch(), concurrency), adaptive);
            System.out.printf(Locale.ROOT, "| %14s | %10.2f | %16d | %17.2f | %15.0f | %22.0f |%n",
                    concurrency + (concurrency == limits.defaultMaxConcurrency() ? " (default)" : ""), result.meanPerSecond(),
                    result.peakIn1s(), result.peakPer10s(), result.lastResultAfter(), stuck.lastResultAfter());
        }
    }

    private static List<Execution> batches(List<Task> tasks, int maxBatch, int maxConcurrency) {
        List<Execution> batches = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += maxBatch) {
            batches.add(new Execution(BATCH_STARTS_AFTER, tasks.subList(from, Math.min(tasks.size(), from + maxBatch)),
                    maxConcurrency));
        }
        return batches;
    }

    private static void rateRow(String scenario, String schedule, Result result) {
        System.out.printf(Locale.ROOT, "| %-45s | %-9s | %8d | %10.2f | %16d | %17.2f | %10.1f | %15.0f |%n", scenario,
                schedule, result.requests(), result.meanPerSecond(), result.peakIn1s(), result.peakPer10s(),
                result.pollsPerTask(), result.lastResultAfter());
    }
}

package io.veostatus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Simulates when record-info is called while executions poll tasks: each execution (a single loop, or a
 * batch whose Distributed Map runs at most maxConcurrency children at once, starting the next child as soon
 * as one ends) and each child's poll loop, with the time a poll and a child take. Gives the upstream request
 * rate (mean, and the peak of any 1 s and any 10 s window) and when the results come in.
 */
final class UpstreamRateSimulation {

    /** From a free slot of the Map to the child's first request reaching the Veo API: starting the child and the invoke. */
    static final double CHILD_START_SECONDS = 0.5;
    /** One poll: the Lambda invocation around the record-info call, until its answer is back in the state machine. */
    static final double POLL_SECONDS = 0.5;
    /** From the last answer to the child's end: the Choice and the end state. */
    static final double CHILD_END_SECONDS = 0.1;
    /** The default wait budget: past it the function answers TIMED_OUT without a request. */
    static final double MAX_WAIT_SECONDS = 1200;

    /** One Veo task: when it was created and how long its generation takes (infinite: never finishes), in seconds. */
    record Task(double createdAt, double generationSeconds) {
    }

    /** An execution started at {@code startAt} that polls its tasks, at most {@code maxConcurrency} at once. */
    record Execution(double startAt, List<Task> tasks, int maxConcurrency) {
    }

    /** What the upstream and the caller see. */
    record Result(int requests, double meanPerSecond, int peakIn1s, double peakPer10s, double pollsPerTask,
            double lastResultAfter, double p95DelaySeconds) {
    }

    private UpstreamRateSimulation() {
    }

    static Result run(List<Execution> executions, PollScheduleBenchmark.Schedule schedule) {
        List<Double> requests = new ArrayList<>();
        List<Double> delays = new ArrayList<>();
        double firstStart = Double.MAX_VALUE;
        double lastResult = 0;
        int tasks = 0;
        for (Execution execution : executions) {
            firstStart = Math.min(firstStart, execution.startAt());
            PriorityQueue<Double> freeSlots = new PriorityQueue<>();
            for (int i = 0; i < execution.maxConcurrency(); i++) {
                freeSlots.add(execution.startAt());
            }
            // Children start in the order of the items, each in the slot that frees first.
            for (Task task : execution.tasks()) {
                double t = freeSlots.poll() + CHILD_START_SECONDS;
                double firstPoll = t;
                int attempt = 0;
                while (true) {
                    attempt++;
                    double age = t - task.createdAt();
                    if (t - firstPoll > MAX_WAIT_SECONDS) {
                        break;
                    }
                    requests.add(t);
                    if (age >= task.generationSeconds()) {
                        break;
                    }
                    // The policy cuts the wait so that the poll after the budget comes at most a second late.
                    double wait = schedule.nextWait(age, t - firstPoll, attempt);
                    t += POLL_SECONDS + Math.min(wait, Math.max(1, MAX_WAIT_SECONDS - (t - firstPoll) + 1));
                }
                double result = t + POLL_SECONDS;
                if (Double.isFinite(task.generationSeconds())) {
                    delays.add(result - task.createdAt() - task.generationSeconds());
                }
                lastResult = Math.max(lastResult, result);
                freeSlots.add(result + CHILD_END_SECONDS);
                tasks++;
            }
        }
        double[] times = requests.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double span = Math.max(1, times[times.length - 1] - times[0]);
        return new Result(times.length, times.length / span, mostWithin(times, 1), mostWithin(times, 10) / 10.0,
                (double) times.length / tasks, lastResult - firstStart,
                quantile(delays.stream().mapToDouble(Double::doubleValue).toArray(), 0.95));
    }

    /** The most requests in any window of the given length. */
    private static int mostWithin(double[] sortedTimes, double windowSeconds) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sortedTimes.length; to++) {
            while (sortedTimes[to] - sortedTimes[from] >= windowSeconds) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}

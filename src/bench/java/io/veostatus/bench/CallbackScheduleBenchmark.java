package io.veostatus.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Compares the await machine (the vendor's callback resumes the execution; the poll loop is its fallback) with the
 * poll loop alone, over the tasks of PollScheduleBenchmark ({@link SimulatedTasks}): Veo API calls, Lambda
 * invocations, state transitions and DynamoDB requests per task, what the transitions and requests cost, and how long
 * after a task ends its execution knows. Compiled and run only in the bench profile:
 *
 * <pre>./mvnw -B -Pbench test-compile exec:java -Dexec.mainClass=io.veostatus.bench.CallbackScheduleBenchmark</pre>
 *
 * <p>The await machine, per task: the execution starts when the loop's would poll first and registers at once (one
 * record-info call, one PutItem); a task ended by then is known then. Otherwise the vendor's callback arrives a
 * delivery delay after the task ends, and the callback function's Query (the waiters), UpdateItem (the task's poll
 * lock), record-info call, SendTaskSuccess and DeleteItem (one waiter) resume the execution. A lost callback, or one
 * that comes after the await state timed out, leaves the execution to the fallback: the note (one Lambda invocation,
 * no Veo call), then the default adaptive loop from that moment. A callback after the timeout still finds the waiter
 * (its item lives an hour longer) and costs the function's requests, but its SendTaskSuccess no longer resumes anything.
 * As in the loop's figures, the functions' own calls take no time.
 *
 * <p>Inputs (system properties): {@code bench.callbackWait} (600: the template's CallbackTimeoutSeconds),
 * {@code bench.lostPercent} (0,1,5,20: one row each), {@code bench.deliveryMin} and {@code bench.deliverySpread}
 * (1 and 4: the delivery delay is uniform in 1..5 s), {@code bench.usdPerMillionWrites} and
 * {@code bench.usdPerMillionReads} (0.625 and 0.125: DynamoDB on-demand in us-east-1). Every DynamoDB request is one
 * request unit: the items are under 1 KB, and the Query, taken as strongly consistent, reads under 4 KB.
 */
public final class CallbackScheduleBenchmark {

    /** Seeds the delivery delays and which callbacks are lost; the tasks have their own seed. */
    private static final long SEED = 43;
    /** PrepareAwait, AwaitCallback, IsDone and the end state. */
    private static final int RESUMED_TRANSITIONS = 4;
    /** PrepareAwait, AwaitCallback, NoteFallback and BackToPolling, before the loop's own. */
    private static final int FALLBACK_TRANSITIONS = 4;

    /** What one task's execution costs, and when it knows the task has ended. */
    private record Execution(int veoCalls, int lambdaInvocations, int transitions, int reads, int writes,
            double detectedAt) {

        static Execution polled(PollLoop loop) {
            return new Execution(loop.polls(), loop.polls(), loop.transitions(), 0, 0, loop.detectedAt());
        }

        int dynamoDbRequests() {
            return reads + writes;
        }
    }

    private record Inputs(double awaitSeconds, double[] lostPercents, double deliveryMin, double deliverySpread,
            double usdPerWrite, double usdPerRead) {

        static Inputs read() {
            return new Inputs(input("bench.callbackWait", 600),
                    Arrays.stream(System.getProperty("bench.lostPercent", "0,1,5,20").split(","))
                            .mapToDouble(percent -> Double.parseDouble(percent.trim())).toArray(),
                    input("bench.deliveryMin", 1), input("bench.deliverySpread", 4),
                    input("bench.usdPerMillionWrites", 0.625) / 1e6, input("bench.usdPerMillionReads", 0.125) / 1e6);
        }

        private static double input(String name, double fallback) {
            return Double.parseDouble(System.getProperty(name, Double.toString(fallback)));
        }
    }

    private CallbackScheduleBenchmark() {
    }

    public static void main(String[] args) {
        Inputs inputs = Inputs.read();
        SimulatedTasks tasks = SimulatedTasks.draw();
        PollScheduleBenchmark.Schedule adaptive = PollScheduleBenchmark.Schedule.adaptive();
        Random random = new Random(SEED);
        double[] callbackAt = new double[tasks.count()];
        double[] lostDraw = new double[tasks.count()];
        int endedAtRegistration = 0;
        int callbacksAfterTimeout = 0;
        for (int i = 0; i < tasks.count(); i++) {
            callbackAt[i] = tasks.endAt(i) + inputs.deliveryMin() + inputs.deliverySpread() * random.nextDouble();
            lostDraw[i] = random.nextDouble();
            endedAtRegistration += tasks.endAt(i) <= tasks.startAt(i) ? 1 : 0;
            callbacksAfterTimeout += callbackAt[i] > tasks.startAt(i) + inputs.awaitSeconds() ? 1 : 0;
        }

        System.out.printf(Locale.ROOT, "%s%n%n", tasks.describe());
        System.out.printf(Locale.ROOT, "Callbacks: registration when the execution starts (1 record-info call, 1 PutItem); "
                + "the vendor's callback %.0f to %.0f s (uniform) after the task ends, then Query, UpdateItem, 1 record-info "
                + "call, SendTaskSuccess, DeleteItem; a lost callback leaves the execution waiting until the await state "
                + "times out %.0f s after the start, then the default adaptive loop polls from there. Tasks ended at "
                + "registration: %d; callbacks after the timeout: %d. Step Functions %.3f USD per 1,000 transitions; "
                + "DynamoDB on-demand, us-east-1: %.3f USD per million write and %.3f USD per million read request "
                + "units, one unit per request.%n%n", inputs.deliveryMin(), inputs.deliveryMin() + inputs.deliverySpread(),
                inputs.awaitSeconds(), endedAtRegistration, callbacksAfterTimeout,
                PollScheduleBenchmark.USD_PER_TRANSITION * 1000, inputs.usdPerWrite() * 1e6,
                inputs.usdPerRead() * 1e6);
        System.out.printf(Locale.ROOT, "| %-22s | %15s | %17s | %16s | %17s | %30s | %25s | %13s | %13s | %13s |%n", "mode",
                "Veo calls/task", "Lambda calls/task", "transitions/task", "DynamoDB req/task",
                "USD/1,000 tasks: Step Functions", "USD/1,000 tasks: DynamoDB", "delay p50 (s)", "delay p95 (s)",
                "delay p99 (s)");
        System.out.println("|" + "-".repeat(24) + "|" + "-".repeat(17) + "|" + "-".repeat(19) + "|" + "-".repeat(18) + "|"
                + "-".repeat(19) + "|" + "-".repeat(32) + "|" + "-".repeat(27) + "|" + "-".repeat(15) + "|" + "-".repeat(15)
                + "|" + "-".repeat(15) + "|");
        Execution[] loop = new Execution[tasks.count()];
        for (int i = 0; i < tasks.count(); i++) {
            loop[i] = Execution.polled(PollLoop.run(adaptive, tasks.startAt(i), tasks.endAt(i)));
        }
        row("loop (adaptive)", loop, tasks, inputs);
        for (double percent : inputs.lostPercents()) {
            row(String.format(Locale.ROOT, percent == Math.rint(percent) ? "callback, %.0f%% lost" : "callback, %.1f%% lost",
                    percent), awaited(tasks, callbackAt, lostDraw, percent / 100, inputs.awaitSeconds(), adaptive), tasks, inputs);
        }

        Execution[] allLost = awaited(tasks, callbackAt, lostDraw, 1, inputs.awaitSeconds(), adaptive);
        double[] lostDelays = delays(allLost, tasks);
        System.out.printf(Locale.ROOT, "%nAn execution whose callback is lost: %.2f Veo calls, %.2f Lambda calls, %.2f "
                + "transitions, delay p50 %.0f s, p95 %.0f s.%n", mean(allLost, Execution::veoCalls),
                mean(allLost, Execution::lambdaInvocations), mean(allLost, Execution::transitions),
                UpstreamRateSimulation.quantile(lostDelays, 0.5), UpstreamRateSimulation.quantile(lostDelays, 0.95));
    }

    /** The await machine's executions of all tasks, the callback of each lost whose draw is under the share. */
    private static Execution[] awaited(SimulatedTasks tasks, double[] callbackAt, double[] lostDraw, double lostShare,
            double awaitSeconds, PollScheduleBenchmark.Schedule schedule) {
        Execution[] executions = new Execution[tasks.count()];
        for (int i = 0; i < tasks.count(); i++) {
            executions[i] = awaited(tasks.startAt(i), tasks.endAt(i),
                    lostDraw[i] < lostShare ? Double.POSITIVE_INFINITY : callbackAt[i], awaitSeconds, schedule);
        }
        return executions;
    }

    /** The await machine's execution of one task whose callback arrives at {@code callbackAt} (infinite: lost). */
    private static Execution awaited(double startAt, double endAt, double callbackAt, double awaitSeconds,
            PollScheduleBenchmark.Schedule schedule) {
        // Registration: the record-info call and the waiter's PutItem.
        int veoCalls = 1;
        int lambdaInvocations = 1;
        int writes = 1;
        int reads = 0;
        if (endAt <= startAt) {
            // The registration itself completes the waiters: Query, SendTaskSuccess, DeleteItem.
            return new Execution(veoCalls, lambdaInvocations, RESUMED_TRANSITIONS, reads + 1, writes + 1, startAt);
        }
        double timeoutAt = startAt + awaitSeconds;
        if (Double.isFinite(callbackAt)) {
            // The callback function: Query, UpdateItem (the poll lock), record-info, SendTaskSuccess, DeleteItem.
            veoCalls++;
            lambdaInvocations++;
            reads++;
            writes += 2;
            if (callbackAt <= timeoutAt) {
                return new Execution(veoCalls, lambdaInvocations, RESUMED_TRANSITIONS, reads, writes, callbackAt);
            }
        }
        PollLoop loop = PollLoop.run(schedule, timeoutAt, endAt);
        return new Execution(veoCalls + loop.polls(), lambdaInvocations + 1 + loop.polls(),
                FALLBACK_TRANSITIONS + loop.transitions(), reads, writes, loop.detectedAt());
    }

    private static void row(String mode, Execution[] executions, SimulatedTasks tasks, Inputs inputs) {
        double[] delays = delays(executions, tasks);
        double transitions = mean(executions, Execution::transitions);
        double dynamoDbUsd = mean(executions, e -> e.writes() * inputs.usdPerWrite() + e.reads() * inputs.usdPerRead());
        System.out.printf(Locale.ROOT, "| %-22s | %15.2f | %17.2f | %16.2f | %17.2f | %30.3f | %25.4f | %13.1f | %13.1f | %13.1f |%n",
                mode, mean(executions, Execution::veoCalls), mean(executions, Execution::lambdaInvocations), transitions,
                mean(executions, Execution::dynamoDbRequests), transitions * PollScheduleBenchmark.USD_PER_TRANSITION * 1000,
                dynamoDbUsd * 1000, UpstreamRateSimulation.quantile(delays, 0.5), UpstreamRateSimulation.quantile(delays, 0.95),
                UpstreamRateSimulation.quantile(delays, 0.99));
    }

    private static double[] delays(Execution[] executions, SimulatedTasks tasks) {
        double[] delays = new double[executions.length];
        for (int i = 0; i < executions.length; i++) {
            delays[i] = executions[i].detectedAt() - tasks.endAt(i);
        }
        return delays;
    }

    private static double mean(Execution[] executions, ToDoubleFunction<Execution> value) {
        return Arrays.stream(executions).mapToDouble(value).average().orElseThrow();
    }
}

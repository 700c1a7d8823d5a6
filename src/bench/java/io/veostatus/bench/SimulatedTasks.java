package io.veostatus.bench;

import java.util.Locale;
import java.util.Random;

/**
 * The Veo tasks the schedule benchmarks follow, drawn with a fixed seed, so that every run and every benchmark
 * compares its modes over the same tasks. Times are in seconds after the task's creation.
 *
 * <p>Assumption (the Veo API's documentation says only that a generation takes "a few minutes"): a task's
 * generation time is log-normal with a median of 180 s and sigma 0.45 (5% of tasks under 86 s, 5% over 377 s),
 * clipped to 40..1200 s; the state machine starts 1 to 5 s after the task is created.
 */
final class SimulatedTasks {

    static final int COUNT = 100_000;
    static final double MEDIAN_SECONDS = 180;
    static final double SIGMA = 0.45;
    private static final long SEED = 42;

    private final double[] endAt;
    private final double[] startAt;

    private SimulatedTasks(double[] endAt, double[] startAt) {
        this.endAt = endAt;
        this.startAt = startAt;
    }

    static SimulatedTasks draw() {
        Random random = new Random(SEED);
        double[] endAt = new double[COUNT];
        double[] startAt = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            endAt[i] = generationSeconds(random);
            startAt[i] = 1 + 4 * random.nextDouble();
        }
        return new SimulatedTasks(endAt, startAt);
    }

    /** A generation time drawn from the assumed distribution. */
    static double generationSeconds(Random random) {
        return Math.min(1200, Math.max(40, MEDIAN_SECONDS * Math.exp(SIGMA * random.nextGaussian())));
    }

    int count() {
        return COUNT;
    }

    /** When the task ends: its generation time. */
    double endAt(int task) {
        return endAt[task];
    }

    /** When the state machine's execution for the task starts. */
    double startAt(int task) {
        return startAt[task];
    }

    /** The line the benchmarks print above their tables. */
    String describe() {
        return String.format(Locale.ROOT, "%d simulated tasks, generation time log-normal (median %.0f s, sigma %.2f), "
                + "p5 %.0f s, p50 %.0f s, p95 %.0f s", COUNT, MEDIAN_SECONDS, SIGMA, UpstreamRateSimulation.quantile(endAt, 0.05),
                UpstreamRateSimulation.quantile(endAt, 0.5), UpstreamRateSimulation.quantile(endAt, 0.95));
    }
}

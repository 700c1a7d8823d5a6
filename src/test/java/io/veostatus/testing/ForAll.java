package io.veostatus.testing;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a property over generated cases: every case comes from one fixed seed, so a run is reproducible,
 * and a failure names the property, the seed, the case number and the generated input. Prints one line
 * per property with the number of cases and how they were classified, for the record of what was tested.
 *
 * <p>{@code -Dveo.properties.seed=N} and {@code -Dveo.properties.cases=N} explore beyond the pinned run.
 *
 * <p>Why not jqwik: from 1.10 its licence carries a use restriction beyond its open-source terms, which this
 * project does not take on; a seeded loop on JUnit is all these properties need.
 */
public final class ForAll {

    private ForAll() {
    }

    /** What a property says about one case: the class it counts under, or an AssertionError. */
    @FunctionalInterface
    public interface Property<T> {
        String check(T input);
    }

    public static <T> Map<String, Integer> check(String name, long seed, int cases, Function<SplittableRandom, T> generator,
            Property<T> property) {
        long runSeed = Long.getLong("veo.properties.seed", seed);
        int runCases = Integer.getInteger("veo.properties.cases", cases);
        SplittableRandom random = new SplittableRandom(runSeed);
        Map<String, Integer> classes = new TreeMap<>();
        for (int i = 1; i <= runCases; i++) {
            T input = generator.apply(random);
            String verdict;
            try {
                verdict = property.check(input);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("property '" + name + "' failed at case " + i + " of seed " + runSeed + ": "
                        + failure.getMessage() + "\n  input: " + input, failure);
            }
            classes.merge(verdict, 1, Integer::sum);
        }
        System.out.println("property '" + name + "': " + runCases + " cases, seed " + runSeed + ", held; " + classes);
        return classes;
    }
}

package io.veostatus.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.veostatus.docs.Pages;
import io.veostatus.error.Outcome.LambdaFunction;

/**
 * The docs' error tables and {@link Outcome} agree: docs/api.md's "Errors" has a row for every exception class and says
 * which are retried inside the function, its "Responses and problem documents" gives each outcome's status and
 * problem type, and the state machines' tables (the polling loop's, the keeping loop's) say which they retry.
 */
class ErrorTableTest {

    private static final Pattern ERRORS_ROW = Pattern.compile("^\\|.*\\| `(io\\.veostatus\\.error\\.\\w+)` \\| ([^|]+) \\|$");
    private static final Pattern TWO_COLUMNS = Pattern.compile("^\\|([^|]+)\\|(.+)\\|$");
    private static final Pattern EXCEPTION = Pattern.compile("`(\\w+Exception)`");
    private static final String AS_IN_THE_POLLING_LOOP = "as in [the polling loop's table]";

    @Test
    void theErrorsTableSaysWhichOutcomesAreRetriedInsideTheFunction() {
        Map<String, Set<String>> said = new TreeMap<>();
        Pages.section(Pages.API, "Errors").lines().map(ERRORS_ROW::matcher).filter(Matcher::matches)
                .forEach(row -> said.computeIfAbsent(row.group(1), name -> new TreeSet<>()).add(row.group(2).strip()));

        assertEquals(Stream.of(Outcome.values()).map(outcome -> outcome.type().getName()).collect(Collectors.toSet()),
                said.keySet(), "every exception class has a row in the Errors table of " + Pages.API);
        for (Outcome outcome : Outcome.values()) {
            for (String saying : said.get(outcome.type().getName())) {
                assertEquals(outcome.retriedInsideTheFunction(), saying.startsWith("yes"),
                        outcome + ": " + Pages.API + " says retried inside the function: " + saying);
                if (!outcome.retriedInsideTheFunction()) {
                    // Where the function does not retry, the row says whether the state machines do.
                    assertEquals(stateMachinesRetry(outcome), saying.contains("state machine"),
                            outcome + ": " + Pages.API + " says of the state machines: " + saying);
                }
            }
        }
    }

    @Test
    void theHttpTableGivesEachOutcomesStatusAndProblemType() {
        Map<Integer, String> rows = new TreeMap<>();
        Pages.section(Pages.API, "Responses and problem documents").lines().filter(line -> line.startsWith("| "))
                .map(line -> line.split("\\|")).filter(cells -> cells[2].strip().matches("\\d{3}"))
                .forEach(cells -> rows.merge(Integer.parseInt(cells[2].strip()), cells[3] + "|" + cells[4], String::concat));
        for (Outcome outcome : Outcome.values()) {
            outcome.http().ifPresent(http -> {
                String row = rows.getOrDefault(http.status(), "");
                assertTrue(row.contains("`" + http.type() + "`"), outcome + ": " + Pages.API + " has no " + http.status()
                        + " row with problem `" + http.type() + "`");
                assertEquals(http.retryAfter(), row.contains("Retry-After"), outcome + ": Retry-After of " + http.status());
            });
        }
    }

    @Test
    void theStateMachinesTablesSayWhichOutcomesTheyRetry() {
        Map<String, String> polling = stateMachineTable(Pages.STEP_FUNCTIONS, "The polling loop");
        Map<String, String> keeping = stateMachineTable(Pages.KEEPING, "When a video cannot be kept");
        for (Outcome outcome : Outcome.values()) {
            String name = outcome.type().getSimpleName();
            assertEquals(outcome.thrownBy().contains(LambdaFunction.STATUS), polling.containsKey(name),
                    name + " has a row in the polling loop's table exactly when veo-status may end in it");
            assertEquals(outcome.thrownBy().contains(LambdaFunction.KEEPING), keeping.containsKey(name),
                    name + " has a row in the keeping loop's table exactly when the keeping function may end in it");
            // The await machine sends every failure of the callback function to the polling loop: it has no table.
            outcome.thrownBy().stream().filter(function -> function != LambdaFunction.CALLBACK).forEach(function -> {
                String saying = function == LambdaFunction.STATUS ? polling.get(name) : keeping.get(name);
                if (saying.contains(AS_IN_THE_POLLING_LOOP)) {
                    assertEquals(outcome.retriedByTheStateMachineAround(LambdaFunction.STATUS),
                            outcome.retriedByTheStateMachineAround(function), name + ": the keeping loop's table says "
                                    + "\"as in the polling loop\", which retries it otherwise");
                    saying = polling.get(name);
                }
                // A retried outcome's row starts with its retries ("retries: ...", "retried with ..."), any other with its Fail.
                assertEquals(outcome.retriedByTheStateMachineAround(function), saying.startsWith("retri"),
                        name + " around " + function + ": the table says " + saying);
            });
        }
    }

    private static boolean stateMachinesRetry(Outcome outcome) {
        return Stream.of(LambdaFunction.values()).anyMatch(outcome::retriedByTheStateMachineAround);
    }

    /** Each exception a table's first column names (by its simple name), with what the second says is done with it. */
    private static Map<String, String> stateMachineTable(Path page, String heading) {
        Map<String, String> rows = new TreeMap<>();
        Pages.section(page, heading).lines().map(TWO_COLUMNS::matcher).filter(Matcher::matches).forEach(row -> {
            Matcher names = EXCEPTION.matcher(row.group(1));
            while (names.find()) {
                assertFalse(rows.containsKey(names.group(1)), names.group(1) + " has two rows in " + page);
                rows.put(names.group(1), row.group(2).strip());
            }
        });
        return rows;
    }
}

package io.veostatus.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
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
import io.veostatus.keep.VideoCopier;
import io.veostatus.veoapi.VeoApiCall;

/**
 * The "Errors" table of docs/api.md and the code agree: every exception class has a row, and the column
 * "retried inside the function" says "yes" exactly for the outcomes the gateway's retry acts on.
 */
class ErrorTableTest {

    private static final Pattern ROW = Pattern.compile("^\\|.*\\| `(io\\.veostatus\\.error\\.\\w+)` \\| ([^|]+) \\|$");

    @Test
    void theErrorsTableSaysWhichOutcomesAreRetried() throws IOException {
        Map<String, Set<String>> retried = new TreeMap<>();
        String errors = Pages.section(Pages.API, "Errors");
        errors.lines().map(ROW::matcher).filter(Matcher::matches).forEach(row -> retried
                .computeIfAbsent(row.group(1), name -> new TreeSet<>()).add(row.group(2).strip().startsWith("yes") ? "yes" : "no"));

        Set<String> classes;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/veostatus/error"))) {
            classes = files.map(file -> "io.veostatus.error." + file.getFileName().toString().replace(".java", ""))
                    .filter(name -> !name.equals(VeoStatusException.class.getName())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(classes, retried.keySet(), "every exception class has a row in the Errors table of " + Pages.API);
        // Retried by the call path to the Veo API, and by the keeping function's copier.
        Set<String> retriedByTheGateway = Stream.concat(VeoApiCall.RETRIED.stream(), VideoCopier.RETRIED.stream())
                .map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        retried.forEach((name, saying) -> {
            assertFalse(saying.contains("yes") && saying.contains("no"), name + " is said to be both retried and not");
            assertEquals(retriedByTheGateway.contains(name), saying.contains("yes"),
                    name + ": " + Pages.API + " says retried " + saying);
        });
    }
}

package io.veostatus.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Runs every example of README.md (each {@code $ curl -s localhost:8080 -d ...} of a console block, direct
 * and HTTP, in the README's order, as they are pasted into a fresh {@code ./mvnw quarkus:dev}) against the
 * same demo stubs dev mode serves (src/dev/wiremock), with dev mode's record-info call settings ({@link DemoSettings}), and compares each answer with the one printed under
 * it, instants and elapsed seconds masked. A change of an answer, in the README or in the code, fails here
 * until the other side follows.
 *
 * <p>To write the function's current answers into README.md instead (then review {@code git diff README.md}):
 * {@code ./mvnw -B test -Dtest=ReadmeExamplesTest -Dreadme.update=true}.
 */
@QuarkusTest
@TestProfile(DemoSettings.class)
class ReadmeExamplesTest extends LambdaInvocationTest {

    static final Path README = Path.of("README.md");
    static final Path EVENTS = Path.of("events");
    private static final String UPDATE = "readme.update";

    @Test
    void everyExampleGivesTheAnswerTheReadmeShows() throws IOException {
        List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
        List<ReadmeExample> examples = ReadmeExample.all(readme);
        assertTrue(examples.size() >= 15, "the README's examples were found: " + examples.size());

        Map<String, String> saved = new HashMap<>();
        List<String> differences = new ArrayList<>();
        List<String> updated = new ArrayList<>(readme);
        for (ReadmeExample example : examples) {
            String answer = invoke(event(example, saved)).extract().asString();
            if (example.savedAs() != null) {
                saved.put(example.savedAs(), answer);
            }
            String shown = example.answer(readme);
            if (!ReadmeExample.masked(answer).equals(ReadmeExample.masked(shown))) {
                differences.add("README.md line " + example.line() + ": " + example.command()
                        + "\n  the README shows: " + shown + "\n  the function says: " + answer);
            }
            replace(updated, example, answer);
        }
        if (Boolean.getBoolean(UPDATE)) {
            Files.write(README, rebuilt(updated), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(List.of(), differences, differences.size() + " README example(s) answer differently (times aside). "
                + "Fix the code, or write the current answers into README.md with "
                + "./mvnw -B test -Dtest=ReadmeExamplesTest -D" + UPDATE + "=true and review git diff README.md.");
    }

    @Test
    void everyShippedEventIsAnExampleOfTheReadme() throws IOException {
        Set<String> used = new TreeSet<>();
        ReadmeExample.all(Files.readAllLines(README, StandardCharsets.UTF_8)).stream()
                .filter(example -> example.file() != null && example.file().startsWith(EVENTS + "/"))
                .forEach(example -> used.add(example.file()));
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            files.map(file -> EVENTS + "/" + file.getFileName()).filter(name -> name.endsWith(".json")).forEach(shipped::add);
        }
        assertEquals(shipped, used, "every file of events/ is sent by a README example, and only those files");
    }

    /** What curl sends: the literal, or the file with its line breaks removed (curl -d @file drops them). */
    private static String event(ReadmeExample example, Map<String, String> saved) throws IOException {
        if (example.literal() != null) {
            return example.literal();
        }
        String text = saved.containsKey(example.file()) ? saved.get(example.file())
                : Files.readString(Path.of(example.file()), StandardCharsets.UTF_8);
        return text.replace("\r", "").replace("\n", "");
    }

    /** Puts the answer on the first of the example's answer lines and marks the others for removal. */
    private static void replace(List<String> readme, ReadmeExample example, String answer) {
        List<Integer> lines = example.answerLines();
        readme.set(lines.get(0), answer);
        lines.subList(1, lines.size()).forEach(line -> readme.set(line, null));
    }

    private static List<String> rebuilt(List<String> readme) {
        return readme.stream().filter(line -> line != null).toList();
    }
}

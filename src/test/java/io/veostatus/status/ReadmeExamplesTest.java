package io.veostatus.status;

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

import io.veostatus.docs.Pages;

/**
 * Runs every example of the README and of the docs pages (each {@code $ curl -s localhost:8080 -d ...} of a console
 * block, direct and HTTP, in the order they are pasted into one fresh {@code ./mvnw quarkus:dev}: the README's, then
 * docs/api.md's) against the same demo stubs dev mode serves (src/dev/wiremock), with dev mode's record-info call
 * settings ({@link DemoSettings}), and compares each answer with the one printed under it, instants and elapsed
 * seconds masked. The demo stubs have state (demo-generating answers by its poll count), so the pages run in that
 * order. A change of an answer, in a page or in the code, fails here until the other side follows.
 *
 * <p>To write the function's current answers into the pages instead (then review {@code git diff}):
 * {@code ./mvnw -B test -Dtest=ReadmeExamplesTest -Dreadme.update=true}.
 */
@QuarkusTest
@TestProfile(DemoSettings.class)
class ReadmeExamplesTest extends LambdaInvocationTest {

    /** The pages that hold examples, in the order their examples are pasted into one dev mode. */
    static final List<Path> PAGES = List.of(Pages.README, Pages.API);
    static final Path EVENTS = Path.of("events");
    private static final String UPDATE = "readme.update";

    @Test
    void everyExampleGivesTheAnswerItsPageShows() throws IOException {
        Map<String, String> saved = new HashMap<>();
        List<String> differences = new ArrayList<>();
        int run = 0;
        for (Path page : PAGES) {
            List<String> lines = Pages.lines(page);
            List<String> updated = new ArrayList<>(lines);
            for (ReadmeExample example : ReadmeExample.all(page, lines)) {
                run++;
                String answer = invoke(event(example, saved)).extract().asString();
                if (example.savedAs() != null) {
                    saved.put(example.savedAs(), answer);
                }
                String shown = example.answer(lines);
                if (!ReadmeExample.masked(answer).equals(ReadmeExample.masked(shown))) {
                    differences.add(page + " line " + example.line() + ": " + example.command()
                            + "\n  the page shows: " + shown + "\n  the function says: " + answer);
                }
                replace(updated, example, answer);
            }
            if (Boolean.getBoolean(UPDATE)) {
                Files.write(page, rebuilt(updated), StandardCharsets.UTF_8);
            }
        }
        assertTrue(run >= 15, "the pages' examples were found: " + run);
        if (Boolean.getBoolean(UPDATE)) {
            return;
        }
        assertEquals(List.of(), differences, differences.size() + " example(s) answer differently (times aside). "
                + "Fix the code, or write the current answers into the pages with "
                + "./mvnw -B test -Dtest=ReadmeExamplesTest -D" + UPDATE + "=true and review git diff.");
    }

    /** An example on a page this test does not run would never be checked: every page that has one is run. */
    @Test
    void everyPageWithExamplesIsRun() {
        List<Path> withExamples = Pages.markdownFiles().stream()
                .filter(page -> !ReadmeExample.all(page, Pages.lines(page)).isEmpty()).toList();
        assertEquals(PAGES.stream().sorted().toList(), withExamples.stream().sorted().toList(),
                "the pages with $ curl -s localhost:8080 examples against ReadmeExamplesTest.PAGES (add a new page "
                        + "there, in the order its examples are pasted into dev mode)");
    }

    @Test
    void everyShippedEventIsAnExampleOfThePages() throws IOException {
        Set<String> used = new TreeSet<>();
        PAGES.stream().flatMap(page -> ReadmeExample.all(page, Pages.lines(page)).stream())
                .filter(example -> example.file() != null && example.file().startsWith(EVENTS + "/"))
                .forEach(example -> used.add(example.file()));
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            files.map(file -> EVENTS + "/" + file.getFileName()).filter(name -> name.endsWith(".json")).forEach(shipped::add);
        }
        assertEquals(shipped, used, "every file of events/ is sent by an example of the pages, and only those files");
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
    private static void replace(List<String> page, ReadmeExample example, String answer) {
        List<Integer> lines = example.answerLines();
        page.set(lines.get(0), answer);
        lines.subList(1, lines.size()).forEach(line -> page.set(line, null));
    }

    private static List<String> rebuilt(List<String> page) {
        return page.stream().filter(line -> line != null).toList();
    }
}

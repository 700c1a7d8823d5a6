package io.veostatus.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One runnable example of README.md: a {@code $ curl -s localhost:8080 -d ...} line of a {@code console}
 * block and the answer printed under it. The event is either literal JSON ({@code -d '...'}) or a file
 * ({@code -d @events/...}, or an answer an earlier example saved with {@code | tee target/...}).
 *
 * @param line the command's line number in README.md, from 1
 * @param command the command as printed
 * @param literal the event given inline, or null
 * @param file the file the event is read from, or null
 * @param savedAs where {@code | tee} saves the answer, or null
 * @param answerLines the README's lines (indexes from 0) that show the answer
 */
public record ReadmeExample(int line, String command, String literal, String file, String savedAs, List<Integer> answerLines) {

    private static final Pattern CURL = Pattern.compile(
            "\\$ curl -s localhost:8080 -d (?:'(?<literal>[^']*)'|@(?<file>\\S+))(?: \\| tee (?<savedAs>\\S+))?");

    /** Every example of the README, in order; a curl to localhost:8080 the test cannot run is an error. */
    static List<ReadmeExample> all(List<String> readme) {
        List<ReadmeExample> examples = new ArrayList<>();
        boolean inConsole = false;
        for (int i = 0; i < readme.size(); i++) {
            String text = readme.get(i);
            if (text.startsWith("```")) {
                inConsole = !inConsole && text.equals("```console");
                continue;
            }
            if (!inConsole || !text.startsWith("$ ") || !text.contains("localhost:8080")) {
                continue;
            }
            Matcher curl = CURL.matcher(text);
            if (!curl.matches()) {
                throw new IllegalStateException("README.md line " + (i + 1) + " is an example ReadmeExamplesTest cannot run "
                        + "(write it as $ curl -s localhost:8080 -d '...' or -d @file, optionally | tee target/file): " + text);
            }
            List<Integer> answer = new ArrayList<>();
            for (int j = i + 1; j < readme.size() && !readme.get(j).isBlank() && !readme.get(j).startsWith("$ ")
                    && !readme.get(j).startsWith("```"); j++) {
                answer.add(j);
            }
            if (answer.isEmpty()) {
                throw new IllegalStateException("README.md line " + (i + 1) + " shows no answer under: " + text);
            }
            examples.add(new ReadmeExample(i + 1, text, curl.group("literal"), curl.group("file"), curl.group("savedAs"),
                    answer));
        }
        return examples;
    }

    String answer(List<String> readme) {
        return String.join("\n", answerLines.stream().map(readme::get).toList());
    }

    /**
     * The answer with what changes from run to run masked: instants, and the seconds since the first
     * poll. Everything else, nextPollSeconds and Retry-After among it, must match.
     */
    public static String masked(String answer) {
        return answer.replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<instant>")
                .replaceAll("(\\\\?\"elapsedSeconds\\\\?\":)\\d+", "$1<seconds>");
    }
}

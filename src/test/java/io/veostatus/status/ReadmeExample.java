package io.veostatus.status;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One runnable example of the README or of a docs page: a {@code $ curl -s localhost:8080 -d ...} line of a
 * {@code console} block and the answer printed under it. The event is either literal JSON ({@code -d '...'}) or a
 * file ({@code -d @events/...}, or an answer an earlier example saved with {@code | tee target/...}).
 *
 * @param page the page that shows it
 * @param line the command's line number in the page, from 1
 * @param command the command as printed
 * @param literal the event given inline, or null
 * @param file the file the event is read from, or null
 * @param savedAs where {@code | tee} saves the answer, or null
 * @param answerLines the page's lines (indexes from 0) that show the answer
 */
public record ReadmeExample(Path page, int line, String command, String literal, String file, String savedAs,
        List<Integer> answerLines) {

    private static final Pattern CURL = Pattern.compile(
            "\\$ curl -s localhost:8080 -d (?:'(?<literal>[^']*)'|@(?<file>\\S+))(?: \\| tee (?<savedAs>\\S+))?");

    /** Every example of the page, in order; a curl to localhost:8080 the test cannot run is an error. */
    static List<ReadmeExample> all(Path page, List<String> lines) {
        List<ReadmeExample> examples = new ArrayList<>();
        boolean inConsole = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.strip().startsWith("```")) {
                inConsole = !inConsole && text.strip().equals("```console");
                continue;
            }
            if (!inConsole || !text.startsWith("$ ") || !text.contains("localhost:8080")) {
                continue;
            }
            Matcher curl = CURL.matcher(text);
            if (!curl.matches()) {
                throw new IllegalStateException(page + " line " + (i + 1)
                        + " is an example ReadmeExamplesTest cannot run (write it as $ curl -s localhost:8080 -d '...' "
                        + "or -d @file, optionally | tee target/file): " + text);
            }
            List<Integer> answer = new ArrayList<>();
            for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("$ ")
                    && !lines.get(j).strip().startsWith("```"); j++) {
                answer.add(j);
            }
            if (answer.isEmpty()) {
                throw new IllegalStateException(page + " line " + (i + 1) + " shows no answer under: " + text);
            }
            examples.add(new ReadmeExample(page, i + 1, text, curl.group("literal"), curl.group("file"),
                    curl.group("savedAs"), answer));
        }
        return examples;
    }

    String answer(List<String> lines) {
        return String.join("\n", answerLines.stream().map(lines::get).toList());
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

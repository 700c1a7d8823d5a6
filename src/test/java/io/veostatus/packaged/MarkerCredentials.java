package io.veostatus.packaged;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials whose values are recognizable anywhere in a function's output, for a run at the lowest log level the
 * template offers ({@code ApplicationLogLevel} TRACE, which Lambda passes as {@code AWS_LAMBDA_LOG_LEVEL}): whatever a
 * library prints (a signer's canonical request, a connection's header dump, a client's request log) shows a marker
 * if it holds a credential.
 */
final class MarkerCredentials {

    static final String VEO_API_KEY = "veo-key-MARKER-1f5c9e";
    static final String ACCESS_KEY_ID = "ASIAMARKER0ACCESS0ID";
    static final String SECRET_ACCESS_KEY = "aws-secret-MARKER-8d2e07";
    /** Also the token the function sends the Parameters and Secrets extension ({@code X-Aws-Parameters-Secrets-Token}). */
    static final String SESSION_TOKEN = "aws-session-token-MARKER-4a7b31";
    /** The Veo API key as a secret holds it, read through the extension. */
    static final String KEY_IN_SECRET = "veo-key-in-secret-MARKER-9c3d44";

    /** A row of a hex dump (Netty's LoggingHandler): its offset, then up to 16 bytes. */
    private static final Pattern DUMP_ROW = Pattern.compile("\\|[0-9a-f]{8}\\|((?: [0-9a-f]{2}){1,16})");

    private static final List<String> ALL = List.of(VEO_API_KEY, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, KEY_IN_SECRET);

    private MarkerCredentials() {
    }

    /**
     * Lambda's credentials as markers, the log level at TRACE, and the logging of every library that has a switch for it
     * turned on as someone chasing a fault would: the REST client's requests, answers and connection activity (Netty's
     * byte dumps), and SmallRye Config's lookups with their values.
     */
    static Map<String, String> atTrace() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_LAMBDA_LOG_LEVEL", "TRACE");
        environment.put("QUARKUS_REST_CLIENT_LOGGING_SCOPE", "all");
        environment.put("QUARKUS_CONFIG_LOG_VALUES", "true");
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        return environment;
    }

    /**
     * Fails with every line of the function's output (standard output and error) that holds a marker, once the
     * invocation's summary line, its last, has been written. The run must have logged below INFO, or it would show
     * nothing.
     */
    static void assertNoneIn(PackagedFunction function, RuntimeApiServer.Answer last) throws IOException, InterruptedException {
        // Not every line at TRACE need be JSON (FunctionOutput parses each): the summary line is found as text.
        String requestId = "\"requestId\":\"" + last.requestId() + "\"";
        for (int i = 0; i < 100 && function.outputLines().stream().noneMatch(line -> line.contains("\"_aws\"")
                && line.contains(requestId)); i++) {
            Thread.sleep(20);
        }
        List<String> lines = function.outputLines();
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"level\":\"DEBUG\"") || line.contains("\"level\":\"TRACE\"")),
                "the function logged nothing below INFO, so the run shows nothing" + function.printed());
        List<String> leaked = new ArrayList<>();
        for (String line : lines) {
            String searched = line + "\n" + dumpedBytes(line);
            for (String marker : ALL) {
                if (searched.contains(marker)) {
                    leaked.add(marker + " in: " + line);
                }
            }
        }
        assertTrue(leaked.isEmpty(), "a credential in the function's output at TRACE, " + leaked.size() + " times:\n"
                + String.join("\n", leaked));
    }

    /**
     * The bytes of the hex dumps in a line, as text: a dump cuts a value across its rows of 16 bytes, where a search of
     * the line itself would not find it.
     */
    private static String dumpedBytes(String line) {
        StringBuilder bytes = new StringBuilder();
        Matcher row = DUMP_ROW.matcher(line);
        while (row.find()) {
            for (String hex : row.group(1).trim().split(" ")) {
                bytes.append((char) Integer.parseInt(hex, 16));
            }
        }
        return bytes.toString();
    }
}

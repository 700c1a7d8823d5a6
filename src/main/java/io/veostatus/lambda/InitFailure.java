package io.veostatus.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Ends the init phase with one sentence, the way Lambda's runtime interface asks of a runtime whose init fails: the
 * sentence is logged once (one line, no stack trace), posted to the Runtime API's {@code /runtime/init/error}, and the
 * process exits at once. Lambda then reports the sentence itself for the failed init, where a start-up exception
 * would reach it only as the runtime client's "Quarkus manual initialization failed" (the JVM package) or as an exit
 * (the native one), with the sentence buried in a stack trace in the log. The process is halted rather than exited:
 * Quarkus's shutdown hook would wait for the start that is calling it. Outside Lambda (dev mode, the tests: no
 * {@code AWS_LAMBDA_RUNTIME_API}) it throws, as any failed start does.
 */
public final class InitFailure {

    private static final Logger LOG = Logger.getLogger(InitFailure.class);
    /** Lambda's suggested form, category.reason, for a runtime refusing its configuration. */
    static final String ERROR_TYPE = "Runtime.ConfigInvalid";
    private static final int TIMEOUT_MS = 2000;

    private InitFailure() {
    }

    public static void end(String sentence) {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null || runtimeApi.isBlank()) {
            throw new IllegalStateException(sentence);
        }
        LOG.error(sentence);
        try {
            report(runtimeApi, sentence);
        } catch (IOException | RuntimeException unreported) {
            // The log line stays, and Lambda reports the exit below as the init's failure.
            LOG.warnf("The init error could not be reported to the Runtime API (%s).", unreported.getClass().getSimpleName());
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    private static void report(String runtimeApi, String sentence) throws IOException {
        HttpURLConnection post = (HttpURLConnection) new URL("http://" + runtimeApi + "/2018-06-01/runtime/init/error")
                .openConnection();
        try {
            post.setConnectTimeout(TIMEOUT_MS);
            post.setReadTimeout(TIMEOUT_MS);
            post.setRequestMethod("POST");
            post.setDoOutput(true);
            post.setRequestProperty("Content-Type", "application/json");
            post.setRequestProperty("Lambda-Runtime-Function-Error-Type", ERROR_TYPE);
            JsonStringEncoder json = JsonStringEncoder.getInstance();
            String body = "{\"errorMessage\":\"" + new String(json.quoteAsString(sentence)) + "\",\"errorType\":\""
                    + ERROR_TYPE + "\"}";
            try (OutputStream out = post.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            post.getResponseCode();
        } finally {
            post.disconnect();
        }
    }
}

package io.veostatus.veoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.TaskId;

/**
 * What each answer of the 1080p endpoint means, without Quarkus or a network: ready with a usable URL, a refused key,
 * or not yet with the reason the keeping function's answer carries.
 */
class HdVideoClassifierTest {

    private static final String KEY = "hd-test-key-0123456789abcdef";
    private static final TaskId TASK = new TaskId("0123456789abcdef0123456789abcdef");
    /** A refusal, in the words the status function's refusals use too, naming how the key was refused. */
    private static final String REFUSAL = "The Veo API refused the API key at the 1080p endpoint (%s); check the key in"
            + " VEO_API_KEY or in the secret named by VEO_API_KEY_SECRET_ID.";

    private final HdVideoClassifier classifier = new HdVideoClassifier(new ObjectMapper());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ready                          | {"code":200,"msg":"success","data":{"resultUrl":"https://cdn.example.org/a-1080p.mp4"}} | ready: https://cdn.example.org/a-1080p.mp4
            ready, the URL padded          | {"code":200,"data":{"resultUrl":"  https://cdn.example.org/a.mp4 "}}   | ready: https://cdn.example.org/a.mp4
            processing, as the vendor says | {"code":400,"msg":"1080P is processing. It should be ready in 1-2 minutes.","data":null} | not yet: the 1080p endpoint answered code 400 (1080P is processing. It should be ready in 1-2 minutes.)
            another code, no message       | {"code":500}                                                           | not yet: the 1080p endpoint answered code 500
            a message on lines             | {"code":400,"msg":"  not\\n ready\\t yet  "}                           | not yet: the 1080p endpoint answered code 400 (not ready yet)
            a message that says null       | {"code":400,"msg":"null"}                                              | not yet: the 1080p endpoint answered code 400
            a message that is no text      | {"code":400,"msg":{"text":"x"}}                                        | not yet: the 1080p endpoint answered code 400
            a message that holds the key   | {"code":400,"msg":"bad key hd-test-key-0123456789abcdef"}              | not yet: the 1080p endpoint answered code 400 (bad key [REDACTED])
            code 200 without data          | {"code":200,"msg":"success"}                                           | not yet: the 1080p endpoint answered code 200 (success)
            code 200, no http(s) URL       | {"code":200,"data":{"resultUrl":"ftp://cdn.example.org/a.mp4"}}        | not yet: the 1080p endpoint answered code 200
            code 200, a relative URL       | {"code":200,"data":{"resultUrl":"/a.mp4"}}                             | not yet: the 1080p endpoint answered code 200
            code 200, a URL that is no text| {"code":200,"data":{"resultUrl":["https://cdn.example.org/a.mp4"]}}    | not yet: the 1080p endpoint answered code 200
            a URL with the key in its path | {"code":200,"data":{"resultUrl":"https://cdn.example.org/hd-test-key-0123456789abcdef/a.mp4"}} | not yet: the 1080p endpoint's resultUrl held the API key, so it is not fetched
            a URL with the key encoded     | {"code":200,"data":{"resultUrl":"https://cdn.example.org/a.mp4?k=aGQtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg"}} | not yet: the 1080p endpoint's resultUrl held the API key, so it is not fetched
            code 401                       | {"code":401,"msg":"Unauthorized"}                                      | refused: code 401
            code 401 with a ready URL      | {"code":401,"data":{"resultUrl":"https://cdn.example.org/a.mp4"}}      | refused: code 401
            a code that is text            | {"code":"200","data":{"resultUrl":"https://cdn.example.org/a.mp4"}}    | not yet: the 1080p endpoint's answer is not understood
            a code that is a decimal       | {"code":200.0,"data":{"resultUrl":"https://cdn.example.org/a.mp4"}}    | not yet: the 1080p endpoint's answer is not understood
            no code                        | {"data":{"resultUrl":"https://cdn.example.org/a.mp4"}}                 | not yet: the 1080p endpoint's answer is not understood
            an array                       | [{"code":200}]                                                         | not yet: the 1080p endpoint's answer is not understood
            JSON null                      | null                                                                   | not yet: the 1080p endpoint's answer is not understood
            an empty body                  | ``                                                                     | not yet: the 1080p endpoint's answer is not understood
            a key given twice              | {"code":401,"code":200,"data":{"resultUrl":"https://cdn.example.org/a.mp4"}} | not yet: the 1080p endpoint's answer gives a key twice in one object
            an HTML page                   | <html><body>502 Bad Gateway</body></html>                              | not yet: the 1080p endpoint's answer could not be read (JsonParseException)
            two documents                  | {"code":200}{"code":401}                                               | not yet: the 1080p endpoint's answer could not be read (MismatchedInputException)
            """)
    void aReplyMeans(String name, String body, String expected) {
        String sent = body == null ? "" : body;
        assertEquals(expected, verdict(() -> classifier.reply(TASK, stream(sent), KeyRedactor.of(KEY))), name);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', textBlock = """
            401 | refused: HTTP 401
            403 | refused: HTTP 403
            404 | not yet: the 1080p endpoint answered HTTP 404
            429 | not yet: the 1080p endpoint answered HTTP 429
            500 | not yet: the 1080p endpoint answered HTTP 500
            302 | not yet: the 1080p endpoint answered HTTP 302
            102 | not yet: the 1080p endpoint answered HTTP 102
            """)
    void aStatusThatIsNot2xxMeans(int status, String expected) {
        assertEquals(expected, verdict(() -> classifier.httpStatus(status)));
    }

    @Test
    void anAttemptWithoutAReplyIsNotYet() {
        assertEquals("not yet: the 1080p endpoint answered without a body",
                verdict(() -> classifier.reply(TASK, null, KeyRedactor.of(KEY))));
        assertEquals("not yet: the 1080p endpoint could not be reached (UncheckedIOException)",
                verdict(() -> classifier.unreachable(new UncheckedIOException(new ConnectException("refused")))));
        assertEquals("not yet: the 1080p endpoint did not answer within 1250 ms",
                verdict(() -> classifier.tooSlow(Duration.ofMillis(1250))));
        assertEquals("not yet: this invocation had no time left to ask", verdict(classifier::noTimeLeft));
    }

    @Test
    void aBodyOverTheCapIsNotUnderstoodAndALongMessageIsCut() {
        String padded = "{\"code\":200,\"msg\":\"" + "x".repeat(HdVideoClassifier.MAX_BODY_BYTES) + "\"}";
        assertEquals("not yet: the 1080p endpoint's answer is not understood",
                verdict(() -> classifier.reply(TASK, stream(padded), KeyRedactor.of(KEY))));

        String words = "1080P is processing ".repeat(20).strip();
        assertEquals("not yet: the 1080p endpoint answered code 400 (" + words.substring(0, 200) + "...)",
                verdict(() -> classifier.reply(TASK, stream("{\"code\":400,\"msg\":\"" + words + "\"}"), KeyRedactor.of(KEY))));
    }

    private static String verdict(Supplier<HdAnswer> classified) {
        try {
            HdAnswer answer = classified.get();
            return answer.ready() ? "ready: " + answer.url() : "not yet: " + answer.reason();
        } catch (UpstreamAuthException refused) {
            String message = refused.getMessage();
            String how = message.substring(message.indexOf('(') + 1, message.indexOf(')'));
            return "refused: " + (message.equals(REFUSAL.formatted(how)) ? how : message);
        }
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}

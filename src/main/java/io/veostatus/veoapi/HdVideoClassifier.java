package io.veostatus.veoapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;

/**
 * The one place that decides what the 1080p endpoint's answer about a video means, beside {@link RecordInfoClassifier}
 * for record-info. The vendor's sources disagree on what "not ready yet" looks like (code 400 "1080P is processing",
 * code 500, another non-200), so every answer that is not a usable URL is "not yet", and so is a failed or slow
 * attempt: the keeping function asks again later, for a bounded time. Only a refused key ends the keeping, as it ends
 * the polling:
 * <pre>
 * code 200 with data.resultUrl an absolute http(s) URL -> ready, unless the URL holds the API key in any form: not yet
 * code 401; HTTP 401 or 403                            -> UpstreamAuthException
 * any other code or HTTP status (1xx, 204, 3xx: no redirect is followed), a body not understood (one that gives a key
 *   twice among them), no answer in time, a connection failure, no time to ask -> not yet
 * </pre>
 */
public final class HdVideoClassifier {

    private static final Logger LOG = Logger.getLogger(HdVideoClassifier.class);
    /** A 1080p answer is a few hundred bytes; anything far larger is not one. */
    static final int MAX_BODY_BYTES = 65_536;
    /** The vendor's words in a reason, which travels in the keeping function's answer from one invocation to the next. */
    private static final int MAX_REASON = 200;

    private final ObjectReader replies;

    public HdVideoClassifier(ObjectMapper json) {
        // A key given twice (a code of 200 and of 401) is an answer not understood, never read either way.
        this.replies = StrictJson.reader(json);
    }

    /** A 2xx reply about a video of {@code taskId}; {@code body} is null when the reply has none (a 204). */
    public HdAnswer reply(TaskId taskId, InputStream body, KeyRedactor key) {
        if (body == null) {
            return HdAnswer.notYet("the 1080p endpoint answered without a body");
        }
        JsonNode reply;
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            // Read as UTF-8, as JSON between systems must be (RFC 8259), and as record-info's replies are; Jackson would
            // guess another encoding from the bytes.
            reply = bytes.length > MAX_BODY_BYTES ? null : replies.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            if (unreadable instanceof JsonProcessingException notJson && StrictJson.duplicateKey(notJson).isPresent()) {
                return HdAnswer.notYet("the 1080p endpoint's answer gives a key twice in one object");
            }
            return HdAnswer.notYet("the 1080p endpoint's answer could not be read (" + unreadable.getClass().getSimpleName() + ")");
        }
        if (reply == null || !reply.isObject() || !reply.path("code").isIntegralNumber()) {
            return HdAnswer.notYet("the 1080p endpoint's answer is not understood");
        }
        int code = reply.path("code").asInt();
        if (code == 401) {
            throw refused("code 401");
        }
        JsonNode url = reply.path("data").path("resultUrl");
        String given = url.isTextual() ? url.asText().strip() : null;
        if (code == 200 && given != null && UpstreamText.isHttpUrl(given)) {
            if (!key.redact(given).equals(given)) {
                // Fetched, it would hand the key to whoever serves that URL; kept, it would be in the object's
                // metadata; quoted, in an error. An answer that holds the key is not one to act on.
                LOG.warnf("The 1080p endpoint's resultUrl for task %s held the API key, so it is not fetched", taskId);
                return HdAnswer.notYet("the 1080p endpoint's resultUrl held the API key, so it is not fetched");
            }
            return HdAnswer.ready(given);
        }
        String message = UpstreamText.message(key.redact(reply.path("msg").asText("")), MAX_REASON);
        return HdAnswer.notYet("the 1080p endpoint answered code " + code + (message == null ? "" : " (" + message + ")"));
    }

    /** A reply whose HTTP status is not 2xx. */
    public HdAnswer httpStatus(int status) {
        if (status == 401 || status == 403) {
            throw refused("HTTP " + status);
        }
        return HdAnswer.notYet("the 1080p endpoint answered HTTP " + status);
    }

    /** The connection failed (refused, reset, TLS, DNS). */
    public HdAnswer unreachable(RuntimeException failure) {
        return HdAnswer.notYet("the 1080p endpoint could not be reached (" + failure.getClass().getSimpleName() + ")");
    }

    public HdAnswer tooSlow(Duration attemptTime) {
        return HdAnswer.notYet("the 1080p endpoint did not answer within " + attemptTime.toMillis() + " ms");
    }

    public HdAnswer noTimeLeft() {
        return HdAnswer.notYet("this invocation had no time left to ask");
    }

    private static UpstreamAuthException refused(String how) {
        return UpstreamAuthException.refused("at the 1080p endpoint (" + how + ")");
    }
}

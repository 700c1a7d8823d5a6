package io.veostatus.keep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.apikey.KeyRedactor;
import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.AttemptTimeout;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.veoapi.RecordInfoClassifier;
import io.veostatus.veoapi.VeoApiClient;

/**
 * Asks the 1080p endpoint about one video, inside a SmallRye timeout per attempt (record-info's,
 * {@code veo.upstream.attempt-timeout}, cut to the deadline). The vendor's sources disagree on what "not
 * ready yet" looks like (code 400 "1080P is processing", code 500, another non-200), so every answer that is
 * not a usable URL is "not yet", and so is a failed or slow attempt: the state machine asks again
 * {@code veo.keep.hd-check-interval} later, for at most {@code veo.keep.hd-wait}, which bounds them all.
 * Only a refused key ends the keeping, as it ends the polling:
 * <pre>
 * code 200 with data.resultUrl an absolute http(s) URL -> ready, unless the URL holds the API key in any form: not yet
 * code 401; HTTP 401 or 403                            -> UpstreamAuthException
 * any other code or HTTP status (1xx, 204, 3xx: no redirect is followed), a body not understood (one that gives a key
 *   twice among them), no answer in time, a connection failure -> not yet
 * </pre>
 */
@ApplicationScoped
public class HdVideoGateway {

    private static final Logger LOG = Logger.getLogger(HdVideoGateway.class);

    /** A 1080p answer is a few hundred bytes; anything far larger is not one. */
    private static final int MAX_BODY_BYTES = 65_536;
    private static final int MAX_REASON = 200;

    private final VeoApiClient client;
    private final ApiKeyProvider keys;
    private final ObjectReader replies;
    private final UpstreamCallConfig config;

    public HdVideoGateway(@RestClient VeoApiClient client, ApiKeyProvider keys, ObjectMapper json, UpstreamCallConfig config) {
        this.client = client;
        this.keys = keys;
        // A key given twice (a code of 200 and of 401) is an answer not understood, never read either way.
        this.replies = StrictJson.reader(json);
        this.config = config;
    }

    HdAnswer check(TaskId taskId, int index, Deadline deadline, UpstreamUsage usage) {
        Duration available = deadline.remaining().minus(config.reserve());
        if (available.compareTo(Duration.ofMillis(500)) < 0) {
            return HdAnswer.notYet("this invocation had no time left to ask");
        }
        String apiKey = keys.apiKey(deadline);
        // Reading the key from the secret may have taken part of the time.
        Duration left = deadline.remaining().minus(config.reserve());
        Duration attemptTime = AttemptTimeout.within(left, config.attemptTimeout());
        long start = System.nanoTime();
        try {
            return AttemptTimeout.guard(HdAnswer.class, "1080p check", attemptTime).get(() -> attempt(taskId, index, apiKey));
        } catch (TimeoutException slow) {
            return HdAnswer.notYet("the 1080p endpoint did not answer within " + attemptTime.toMillis() + " ms");
        } finally {
            usage.recordAttempt(System.nanoTime() - start);
        }
    }

    private HdAnswer attempt(TaskId taskId, int index, String apiKey) {
        InputStream body;
        try {
            body = client.hdVideo(taskId.value(), index, "Bearer " + apiKey).await().indefinitely();
        } catch (WebApplicationException httpStatus) {
            int status = httpStatus.getResponse().getStatus();
            if (status == 401 || status == 403) {
                throw refused("HTTP " + status);
            }
            return HdAnswer.notYet("the 1080p endpoint answered HTTP " + status);
        } catch (RuntimeException unreachable) {
            return HdAnswer.notYet("the 1080p endpoint could not be reached (" + unreachable.getClass().getSimpleName() + ")");
        }
        if (body == null) {
            // A 204 has no body at all (the client gives none).
            return HdAnswer.notYet("the 1080p endpoint answered without a body");
        }
        try (body) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            // Read as UTF-8, as JSON between systems must be (RFC 8259), and as record-info's replies are; Jackson would
            // guess another encoding from the bytes.
            JsonNode reply = bytes.length > MAX_BODY_BYTES ? null
                    : replies.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (reply == null || !reply.isObject() || !reply.path("code").isIntegralNumber()) {
                return HdAnswer.notYet("the 1080p endpoint's answer is not understood");
            }
            int code = reply.path("code").asInt();
            KeyRedactor key = keys.redactor(apiKey);
            String message = reason(reply.path("msg").asText(""), key);
            if (code == 401) {
                throw refused("code 401");
            }
            JsonNode url = reply.path("data").path("resultUrl");
            if (code == 200 && url.isTextual() && RecordInfoClassifier.isHttpUrl(url.asText().strip())) {
                String given = url.asText().strip();
                if (!key.redact(given).equals(given)) {
                    // Fetched, it would hand the key to whoever serves that URL; kept, it would be in the object's
                    // metadata; quoted, in an error. An answer that holds the key is not one to act on.
                    LOG.warnf("The 1080p endpoint's resultUrl for task %s held the API key, so it is not fetched", taskId);
                    return HdAnswer.notYet("the 1080p endpoint's resultUrl held the API key, so it is not fetched");
                }
                return HdAnswer.ready(given);
            }
            return HdAnswer.notYet("the 1080p endpoint answered code " + code + (message.isEmpty() ? "" : " (" + message + ")"));
        } catch (IOException unreadable) {
            if (unreadable instanceof JsonProcessingException notJson && StrictJson.duplicateKey(notJson).isPresent()) {
                return HdAnswer.notYet("the 1080p endpoint's answer gives a key twice in one object");
            }
            return HdAnswer.notYet("the 1080p endpoint's answer could not be read (" + unreadable.getClass().getSimpleName() + ")");
        }
    }

    private static UpstreamAuthException refused(String how) {
        return new UpstreamAuthException("The Veo API refused the API key at the 1080p endpoint (" + how
                + "); check the key in VEO_API_KEY or in the secret named by VEO_API_KEY_SECRET_ID.");
    }

    private static String reason(String raw, KeyRedactor key) {
        String text = key.redact(raw).replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}

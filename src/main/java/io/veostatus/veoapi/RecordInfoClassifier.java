package io.veostatus.veoapi;

import java.io.InputStream;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.TaskNotFoundException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamThrottledException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;

/**
 * The one place that decides what the Veo API's reply means: a {@link TaskReport} to map, or a typed
 * outcome. It runs inside each guarded attempt, so the retry policy reads nothing but the outcome's type
 * (unavailable and throttled are retried, the rest are not). The table, as docs/api.md's "Errors" lists it:
 *
 * <pre>
 * HTTP 2xx, code 200, data an object  -> TaskRecord (checked: below)
 * code 200 with data null; code 404    -> TaskNotFoundException
 * code 422, msg: no such record or task -> TaskNotFoundException     (null, empty, not found, does not exist, 14 days...)
 * code 422 "record status is not success", or no msg -> UpstreamUnavailableException (says nothing of the state)
 * code 400, 451, any other 422         -> TaskRejection (the task FAILED)
 * code 401; HTTP 401 or 403            -> UpstreamAuthException
 * code 429; HTTP 429                   -> UpstreamThrottledException
 * code 455, 5xx or any other code; any other HTTP status; no code -> UpstreamUnavailableException
 * body empty, not JSON, HTML, over the cap, fields of the wrong type -> UpstreamUnavailableException
 * no reply within the attempt's time    -> UpstreamUnavailableException (tooSlow)
 * connection failure                    -> UpstreamUnavailableException (an untrusted certificate said so)
 * </pre>
 *
 * A record is understood only when its {@code successFlag} is 0, 1, 2 or 3, it is about the task asked,
 * its URL lists hold only strings, and, for a success, at least one of {@code resultUrls} is an absolute
 * http(s) URL. Strings that are not such URLs are left out of every list (a success keeps its usable
 * videos); anything else is {@link UpstreamUnavailableException}, never a state the upstream did not give.
 */
@Singleton
public final class RecordInfoClassifier {

    /**
     * 422 messages that mean "no such record" rather than "the task was rejected", in each of the vendor's wordings: the
     * record (recordInfo, its result data), the task (its id) or its data said to be null, missing, empty, blank, not
     * found or not to exist; "no such task", "no record found"; the 14-day window; a bare "not found". A message that
     * merely contains "null" or "empty" (an image URL that is null, a prompt that is empty) is a rejection, not a
     * missing record, and so is any message about the request's inputs ({@link #REJECTION_422}), whatever else it
     * says: a task unknown for its first seconds must not be reported as failed, nor a rejected one as unknown.
     */
    private static final Pattern NOT_FOUND_422 = Pattern.compile("(?i)"
            + "\\b(?:record\\w*|task(?:\\s*id)?|data)\\b(?:\\s+[\\w-]+){0,3}?\\s+(?:(?:is|was)\\s+)?"
            + "(?:null|missing|empty|blank|not\\s+exists?|not\\s+found|(?:does|do|did)\\s*n[o'\u2019]?t\\s+exists?"
            + "|(?:can\\s*not|can['\u2019]t|could\\s+not)\\s+be\\s+found)\\b"
            + "|\\bno\\s+such\\s+(?:task|record)|\\bno\\s+(?:task|record)s?\\s+(?:(?:was|were)\\s+)?found"
            + "|within\\s+14\\s+days"
            + "|^\\W*(?:\\d{3}\\s+)?(?:not\\s+found|not\\s+exists?|does\\s*n[o'\u2019]?t\\s+exist|no\\s+data)\\W*$");
    /** A 422 about the request's inputs (an image, the prompt, the content policy): the task was rejected. */
    private static final Pattern REJECTION_422 = Pattern.compile("(?i)\\b(?:image|picture|photo|prompt|content\\s+polic"
            + "|flagged|reject|violat|url|fetch|upload|download|safety|moderat|sensitive)");
    /** A 422 that says the record exists but is not finished: it does not say whether it is generating or failed. */
    private static final Pattern UNFINISHED_422 = Pattern.compile("(?i).*record\\s+status\\s+is\\s+not\\s+success.*");
    private static final int MAX_UPSTREAM_TEXT = 300;

    private final RecordInfoReader reader;
    private final UpstreamTime times;
    private final ObjectReader paramReader;

    /**
     * The function's one classifier: the gateway classifies every reply with it, and the init phase warms its
     * JSON readers (status/InitPhaseWarmUp), which are its own (a strict copy of the mapper, with its own caches).
     */
    @Inject
    public RecordInfoClassifier(VeoApiConfig api, ObjectMapper json, UpstreamCallConfig call) {
        this(api.timezone(), json, call.maxBodyBytes());
    }

    public RecordInfoClassifier(ZoneId upstreamZone, ObjectMapper json, int maxBodyBytes) {
        this.reader = new RecordInfoReader(json, maxBodyBytes);
        this.times = new UpstreamTime(Objects.requireNonNull(upstreamZone));
        // The task's own request, echoed: a prompt given twice in it is no prompt, rather than either of them.
        this.paramReader = StrictJson.reader(json);
    }

    /** A reply with a 2xx HTTP status: its body read (capped, the key redacted) and classified. */
    public TaskReport reply(TaskId taskId, InputStream body, KeyRedactor key, Instant now) {
        return classify(taskId, reader.read(body, key), now);
    }

    /** An envelope's code, as in the table above. */
    public TaskReport classify(TaskId taskId, RecordInfoEnvelope envelope, Instant now) {
        if (envelope.code() == null) {
            throw notUnderstood("The Veo API replied without a code for task " + taskId);
        }
        int code = envelope.code();
        String msg = UpstreamText.message(envelope.msg(), MAX_UPSTREAM_TEXT);
        return switch (code) {
            case 200 -> record(taskId, envelope.data(), now);
            case 400, 451 -> new TaskRejection(taskId, code, msg);
            case 404 -> throw notFound(taskId, msg == null ? "code 404" : msg);
            case 422 -> {
                if (msg == null) {
                    // 422 covers both "no such record" and "rejected": without a message it cannot be told which.
                    throw notUnderstood("The Veo API replied code 422 for task " + taskId + " without saying why");
                }
                if (NOT_FOUND_422.matcher(msg).find() && !REJECTION_422.matcher(msg).find()) {
                    throw notFound(taskId, msg);
                }
                if (UNFINISHED_422.matcher(msg).matches()) {
                    throw new UpstreamUnavailableException("The Veo API replied code 422 for task " + taskId + detail(msg)
                            + ", which does not say whether it is generating or failed.");
                }
                yield new TaskRejection(taskId, code, msg);
            }
            case 401 -> throw UpstreamAuthException.refused("with code 401" + detail(msg));
            case 429 -> throw throttled("code 429" + (msg == null ? "" : ": " + msg));
            default -> throw code == 455 || code >= 500
                    ? new UpstreamUnavailableException("The Veo API replied code " + code + " for task " + taskId
                            + detail(msg) + ".")
                    : notUnderstood("The Veo API replied code " + code + " for task " + taskId + detail(msg));
        };
    }

    /** A reply whose HTTP status is not 2xx: a proxy, a gateway or an auth layer in front of the API. */
    public VeoStatusException httpStatus(TaskId taskId, int status) {
        return switch (status) {
            case 401, 403 -> UpstreamAuthException.refused("(HTTP " + status + ")");
            case 429 -> throttled("HTTP 429");
            default -> new UpstreamUnavailableException("The Veo API replied HTTP " + status + " for task " + taskId
                    + " instead of a record-info reply" + (status == 404 ? "; check VEO_API_BASE_URL." : "."));
        };
    }

    /** The connection failed (refused, reset, TLS, DNS): the cause's words, with the key redacted. */
    public UpstreamUnavailableException transportFailure(TaskId taskId, Throwable failure, KeyRedactor key) {
        Throwable untrusted = certificateFailure(failure);
        if (untrusted != null) {
            // The TLS layer's own words ("Failed to create SSL connection") do not say that the certificate is the problem.
            String detail = UpstreamText.message(key.redact(rootCause(untrusted).getMessage()), MAX_UPSTREAM_TEXT);
            return new UpstreamUnavailableException("The Veo API's TLS certificate is not trusted, so it was not asked about task "
                    + taskId + (detail == null ? "" : " (" + detail + ")") + "; check VEO_API_BASE_URL.");
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String detail = UpstreamText.message(key.redact(cause.getMessage()), MAX_UPSTREAM_TEXT);
        return new UpstreamUnavailableException("The Veo API could not be reached for task " + taskId + " ("
                + cause.getClass().getSimpleName() + (detail == null ? "" : ": " + detail) + ").");
    }

    /** The certificate check in the failure's causes, if a certificate was refused: the certificate path or its validation. */
    private static Throwable certificateFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathBuilderException
                    || cause instanceof CertPathValidatorException) {
                return cause;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The attempt's time ran out before the reply was complete. */
    public UpstreamUnavailableException tooSlow(TaskId taskId, Duration attemptTimeout) {
        return UpstreamUnavailableException.tooSlow("The Veo API did not reply within " + attemptTimeout.toMillis()
                + " ms for task " + taskId + ".");
    }

    private TaskRecord record(TaskId taskId, RecordInfoData data, Instant now) {
        if (data == null) {
            throw notFound(taskId, "the reply has no record");
        }
        String repliedId = UpstreamText.clean(data.taskId());
        if (repliedId != null && !repliedId.equals(taskId.value())) {
            throw notUnderstood("The Veo API replied about a different task than " + taskId);
        }
        Integer flag = data.successFlag();
        if (flag == null || flag < TaskRecord.GENERATING || flag > TaskRecord.GENERATION_FAILED) {
            throw notUnderstood("The Veo API gave " + (flag == null ? "no successFlag" : "successFlag " + flag)
                    + " for task " + taskId);
        }
        RecordInfoResult result = data.response();
        List<String> videoUrls = result == null ? List.of() : urls(result.resultUrls());
        if (flag == TaskRecord.SUCCESS && videoUrls.isEmpty()) {
            // A success without a video a caller can fetch is not one: it is asked again.
            throw notUnderstood("The Veo API reported task " + taskId + " as successful without any http(s) video URL");
        }
        if (!UpstreamTime.wellTyped(data.createTime()) || !UpstreamTime.wellTyped(data.completeTime())) {
            throw notUnderstood("The Veo API gave a time of an unexpected type for task " + taskId);
        }
        return new TaskRecord(taskId, flag, videoUrls,
                result == null ? List.of() : urls(result.fullResultUrls()),
                result == null ? List.of() : urls(result.originUrls()),
                result == null ? null : UpstreamText.clean(result.resolution()),
                Boolean.TRUE.equals(data.fallbackFlag()),
                errorCode(taskId, data.errorCode()),
                UpstreamText.message(data.errorMessage(), MAX_UPSTREAM_TEXT),
                times.read(data.createTime(), now),
                times.read(data.completeTime(), now),
                param(data.paramJson(), "prompt"),
                aspectRatio(data.paramJson()));
    }

    /**
     * The absolute http(s) URLs of a list. The reader has already refused items of another type (a number,
     * a boolean, an object); null, empty and "null" items are absent, as anywhere in a reply.
     */
    private static List<String> urls(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream().map(UpstreamText::clean).filter(Objects::nonNull)
                .filter(UpstreamText::isHttpUrl).toList();
    }

    private static String errorCode(TaskId taskId, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw notUnderstood("The Veo API gave an errorCode that is neither a number nor text for task " + taskId);
        }
        return UpstreamText.message(node.asText(), MAX_UPSTREAM_TEXT);
    }

    private String aspectRatio(JsonNode paramJson) {
        String camel = param(paramJson, "aspectRatio");
        return camel != null ? camel : param(paramJson, "aspect_ratio");
    }

    /** A text field of {@code paramJson} (the task's own request, a JSON document inside a string), or null. */
    private String param(JsonNode paramJson, String field) {
        if (paramJson == null || paramJson.isNull()) {
            return null;
        }
        JsonNode params = paramJson;
        if (paramJson.isTextual()) {
            try {
                params = paramReader.readTree(paramJson.asText());
            } catch (JsonProcessingException notJson) {
                return null;
            }
        }
        return params != null && params.isObject() && params.path(field).isTextual()
                ? UpstreamText.clean(params.path(field).asText()) : null;
    }

    private static TaskNotFoundException notFound(TaskId taskId, String why) {
        return new TaskNotFoundException("The Veo API does not know task " + taskId + " (" + why
                + "): a new task can be unknown for a few seconds, and records are kept for 14 days.");
    }

    private static UpstreamThrottledException throttled(String what) {
        return new UpstreamThrottledException("The Veo API is rate-limiting this API key (" + what + ").");
    }

    private static UpstreamUnavailableException notUnderstood(String what) {
        return new UpstreamUnavailableException(what + ", which is not understood.");
    }

    private static String detail(String msg) {
        return msg == null ? "" : " (" + msg + ")";
    }
}

package io.veostatus.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * Replies of the Veo API as an attacker or a broken proxy could send them, for the properties over what the function
 * makes of them: any HTTP status from 100 to 599 (the usual ones more often), with or without a Location, with any
 * content type or none, and a body that is absent, empty, garbage, an HTML page, JSON of the wrong shape, JSON with a
 * key given twice, UTF-16, oversized, or a well-formed answer of the endpoint; now and then a connection that breaks.
 */
public final class VeoApiReplies {

    private static final int[] USUAL_STATUSES = { 100, 101, 102, 103, 199, 200, 201, 202, 203, 204, 205, 206,
            226, 299, 300, 301, 302, 303, 304, 305, 307, 308, 399, 400, 401, 403, 404, 405, 406, 410, 415, 422, 429, 451,
            455, 499, 500, 501, 502, 503, 504, 599 };
    private static final String[] CONTENT_TYPES = { "application/json", "application/json", "application/json; charset=utf-8",
            "application/json;charset=utf-16", "application/problem+json", "text/html", "text/plain", "application/octet-stream",
            "application/xml", "video/mp4", "*/*", ";;;", null, null };
    private static final Fault[] FAULTS = { Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE, Fault.MALFORMED_RESPONSE_CHUNK,
            Fault.RANDOM_DATA_THEN_CLOSE };

    private static final Pattern KEY = Pattern.compile("\"(\\w+)\":");

    private VeoApiReplies() {
    }

    /**
     * One reply.
     *
     * @param body the body's bytes, or null for none at all
     * @param contentType the Content-Type header, or null for none
     * @param location the Location header, or null for none
     * @param fault a broken connection instead of any reply, or null
     * @param well whether the body is a well-formed answer of the vendor's (one of the {@code answers} given, or an
     *        envelope with another code), in UTF-8 as JSON between systems must be (RFC 8259)
     */
    public record Reply(int status, String contentType, byte[] body, String location, Fault fault, boolean well) {

        public ResponseDefinitionBuilder stub() {
            if (fault != null) {
                return aResponse().withFault(fault);
            }
            ResponseDefinitionBuilder response = aResponse().withStatus(status);
            if (contentType != null) {
                response.withHeader("Content-Type", contentType);
            }
            if (location != null) {
                response.withHeader("Location", location);
            }
            return body == null ? response : response.withBody(body);
        }

        /** "1xx" to "5xx", or "fault": how a property's record groups its cases. */
        public String family() {
            return fault != null ? "fault" : status / 100 + "xx";
        }

        public boolean success() {
            return fault == null && status >= 200 && status <= 299;
        }

        @Override
        public String toString() {
            if (fault != null) {
                return "fault " + fault;
            }
            String shown = body == null ? "no body" : new String(body, StandardCharsets.UTF_8);
            return "HTTP " + status + ", Content-Type " + contentType + (location == null ? "" : ", Location " + location) + ", "
                    + (shown.length() > 1000 ? shown.substring(0, 1000) + "... (" + body.length + " bytes)" : shown);
        }
    }

    /**
     * A reply: {@code answers} are the endpoint's well-formed answers (each to be sent now and then, under any status),
     * {@code redirectTarget} a URL a Location may point at.
     */
    public static Reply reply(SplittableRandom random, List<String> answers, String redirectTarget, int maxBodyBytes) {
        if (random.nextInt(30) == 0) {
            return new Reply(0, null, null, null, FAULTS[random.nextInt(FAULTS.length)], false);
        }
        int status = switch (random.nextInt(3)) {
            case 0 -> 100 + random.nextInt(500);
            case 1 -> random.nextInt(4) == 0 ? 200 + random.nextInt(100) : 200;
            default -> USUAL_STATUSES[random.nextInt(USUAL_STATUSES.length)];
        };
        String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        String location = random.nextInt(3) == 0 ? null
                : pick(random, redirectTarget, redirectTarget, "/api/v1/veo/record-info?taskId=elsewhere", "", "::not a uri::");
        String answer = answers.get(random.nextInt(answers.size()));
        boolean well = false;
        byte[] body;
        switch (random.nextInt(14)) {
            case 0 -> body = null;
            case 1 -> body = new byte[0];
            case 2 -> body = utf8(pick(random, " ", "\r\n\t", "null", "true", "42", "\"text\"", "[]", "{}", "[1,2]"));
            case 3 -> body = utf8(pick(random, "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
                    "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
                    "<?xml version=\"1.0\"?><error>Forbidden</error>"));
            case 4 -> {
                body = new byte[1 + random.nextInt(300)];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) random.nextInt(256);
                }
            }
            case 5 -> body = utf8(pick(random, "{\"code\":200,\"msg\":\"success\",\"data\":", "{\"code\":",
                    "{\"code\":200}{\"code\":200}", "{\"code\":\"two hundred\"}", "{\"data\":{\"resultUrl\":7}}",
                    "{\"code\":200,\"data\":[]}", "{\"code\":200,\"data\":\"pending\"}", "{\"code\":1e400}",
                    "{\"code\":200,\"data\":{\"successFlag\":1.5}}"));
            case 6 -> body = utf8(duplicated(random, answer));
            case 7 -> body = answer.getBytes(StandardCharsets.UTF_16);
            case 8 -> body = utf8("{\"code\":200,\"msg\":\"" + "x".repeat(maxBodyBytes) + "\",\"data\":null}");
            case 9 -> {
                body = utf8(pick(random, "{\"code\":401,\"msg\":\"Unauthorized\",\"data\":null}",
                        "{\"code\":429,\"msg\":\"Too many requests\",\"data\":null}",
                        "{\"code\":455,\"msg\":\"Maintenance\",\"data\":null}",
                        "{\"code\":422,\"msg\":\"record is null\",\"data\":null}",
                        "{\"code\":500,\"msg\":\"Server error\",\"data\":null}",
                        "{\"code\":400,\"msg\":\"1080P is processing\",\"data\":null}"));
                well = true;
            }
            default -> {
                body = utf8(answer);
                well = true;
            }
        }
        return new Reply(status, contentType, body, location, null, well);
    }

    /** The answer with one of its keys, at whatever depth, given again with another value, before the first. */
    private static String duplicated(SplittableRandom random, String answer) {
        List<MatchResult> keys = KEY.matcher(answer).results().toList();
        MatchResult key = keys.get(random.nextInt(keys.size()));
        return answer.substring(0, key.start()) + "\"" + key.group(1) + "\":"
                + pick(random, "401", "200", "1", "null", "\"x\"", "{}") + "," + answer.substring(key.start());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(SplittableRandom random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}

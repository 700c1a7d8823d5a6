package io.veostatus.callback;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The vendor's callbacks as API Gateway's HTTP API hands them to the function (payload format 2.0), signed as the
 * vendor signs them: base64 of HMAC-SHA256 of {@code taskId + "." + timestamp}.
 */
public final class VendorCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String hmacKey;
    private final String urlSecret;

    public VendorCallbacks(String hmacKey, String urlSecret) {
        this.hmacKey = hmacKey;
        this.urlSecret = urlSecret;
    }

    /** The body the vendor sends when a task succeeded. */
    public static String succeededBody(String taskId) {
        return "{\"code\":200,\"msg\":\"Veo3.1 video generated successfully.\",\"data\":{\"taskId\":\"" + taskId
                + "\",\"info\":{\"resultUrls\":[\"https://cdn.example.org/" + taskId + ".mp4\"],\"resolution\":\"720p\"},"
                + "\"fallbackFlag\":false}}";
    }

    /** A callback signed now with the deployment's key, to the URL with its secret. */
    public String event(String taskId) {
        return event(taskId, succeededBody(taskId), Instant.now(), hmacKey, urlSecret);
    }

    /** A callback about {@code taskId}, signed at {@code signedAt} with {@code key} (null: unsigned), to {@code secret}'s URL. */
    public static String event(String taskId, String body, Instant signedAt, String key, String secret) {
        ObjectNode event = JSON.createObjectNode().put("version", "2.0")
                .put("routeKey", secret != null ? "POST /callback/{secret}" : "POST /callback")
                .put("rawPath", secret != null ? "/callback/" + secret : "/callback").put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers").put("content-type", "application/json")
                .put("user-agent", "Veo3 callback");
        if (key != null) {
            String timestamp = Long.toString(signedAt.getEpochSecond());
            headers.put("x-webhook-timestamp", timestamp).put("x-webhook-signature", signature(key, taskId, timestamp));
        }
        ObjectNode context = event.putObject("requestContext").put("apiId", "abcdef1234").put("stage", "$default")
                .put("requestId", "req-" + System.nanoTime()).put("routeKey", event.get("routeKey").asText())
                .put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", "POST").put("path", event.get("rawPath").asText())
                .put("protocol", "HTTP/1.1").put("sourceIp", "203.0.113.7");
        if (secret != null) {
            event.putObject("pathParameters").put("secret", secret);
        }
        event.put("body", body).put("isBase64Encoded", false);
        return event.toString();
    }

    public static String signature(String key, String taskId, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((taskId + "." + timestamp).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

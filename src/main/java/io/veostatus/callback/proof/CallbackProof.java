package io.veostatus.callback.proof;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.config.CallbackConfig;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;

/**
 * Whether a callback proves that it comes from the Veo API (docs/callbacks.md, "What each proof protects against"):
 * the URL secret, checked before the body is read, and the vendor's signature
 * ({@code X-Webhook-Signature} = base64 of HMAC-SHA256 of {@code taskId + "." + X-Webhook-Timestamp}), with a
 * timestamp no further from now than {@code veo.callback.replay-window}. Both comparisons take the same time however
 * much of the value is right. A refusal is a reason for the log, never for the caller.
 */
@ApplicationScoped
public class CallbackProof {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final int SIGNATURE_BYTES = 32;

    private final ProofSecrets secrets;
    private final Duration replayWindow;

    public CallbackProof(ProofSecrets secrets, CallbackConfig config) {
        this.secrets = secrets;
        this.replayWindow = config.replayWindow();
    }

    /** Why a callback to {@code /callback/{secret}} ({@code secret} null on {@code /callback}) is refused, if it is. */
    public Optional<String> urlRefusal(String secret, Deadline deadline) {
        if (!secrets.signed() && !secrets.secretUrl()) {
            return Optional.of("no proof is configured: set VEO_CALLBACK_HMAC_KEY(_SECRET_ID) or "
                    + "VEO_CALLBACK_URL_SECRET(_SECRET_ID), so every callback is refused");
        }
        if (!secrets.secretUrl()) {
            return Optional.empty();
        }
        if (secret == null) {
            return Optional.of("the callback URL has no secret");
        }
        return sameBytes(sha256(secret), sha256(secrets.urlSecret(deadline))) ? Optional.empty()
                : Optional.of("the callback URL's secret is not this deployment's");
    }

    /** Why a callback about {@code taskId} with these signature headers is refused, if it is. */
    public Optional<String> signatureRefusal(TaskId taskId, String timestamp, String signature, Instant now,
            Deadline deadline) {
        if (!secrets.signed()) {
            return Optional.empty();
        }
        if (timestamp == null || signature == null) {
            return Optional.of("the callback is not signed (X-Webhook-Timestamp and X-Webhook-Signature)");
        }
        String seconds = timestamp.strip();
        if (!SECONDS.matcher(seconds).matches()) {
            return Optional.of("X-Webhook-Timestamp is not a time in seconds");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(seconds));
        if (Duration.between(sent, now).abs().compareTo(replayWindow) > 0) {
            return Optional.of("X-Webhook-Timestamp is more than " + replayWindow.toSeconds() + " s from now");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException notBase64) {
            return Optional.of("X-Webhook-Signature is not base64");
        }
        byte[] expected = hmac(secrets.hmacKey(deadline), taskId.value() + "." + seconds);
        return given.length == SIGNATURE_BYTES && sameBytes(given, expected) ? Optional.empty()
                : Optional.of("X-Webhook-Signature is not the signature of this task id and timestamp");
    }

    static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }

    /** Compares in time that does not depend on where two values of one length differ. */
    private static boolean sameBytes(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }
}

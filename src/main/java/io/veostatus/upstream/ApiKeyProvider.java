package io.veostatus.upstream;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamUnavailableException;

/**
 * The bearer token for the Veo API: {@code VEO_API_KEY} when set, else the secret named by
 * {@code VEO_API_KEY_SECRET_ID}, read through the Parameters and Secrets extension once per warm
 * instance and kept for {@code veo.api.key-cache-ttl}. A missing key is reported at the invocation that
 * needs it, not at start-up, so that a misconfigured function still answers every caller with a
 * sentence that says what to set. The key itself is never logged.
 */
@ApplicationScoped
public class ApiKeyProvider {

    private static final Logger LOG = Logger.getLogger(ApiKeyProvider.class);

    private final VeoApiConfig config;
    private final SecretsExtensionClient extension;
    /** The key read from the secret and when it must be read again; guarded by {@code this}. */
    private String cachedKey;
    private Instant cachedUntil = Instant.MIN;

    public ApiKeyProvider(VeoApiConfig config, SecretsExtensionClient extension) {
        this.config = config;
        this.extension = extension;
    }

    public String apiKey() {
        Optional<String> direct = directKey();
        if (direct.isPresent()) {
            return direct.get();
        }
        String secretId = config.keySecretId().map(String::strip).filter(id -> !id.isEmpty())
                .orElseThrow(() -> UpstreamAuthException.notConfigured("This deployment has no Veo API key configured: "
                        + "set the environment variable VEO_API_KEY, or VEO_API_KEY_SECRET_ID to a secret holding it."));
        synchronized (this) {
            if (cachedKey == null || Instant.now().isAfter(cachedUntil)) {
                cachedKey = readSecret(secretId);
                cachedUntil = Instant.now().plus(config.keyCacheTtl());
            }
            return cachedKey;
        }
    }

    /** Whether {@link #refreshedKey()} can give another key: only a key read from a secret can rotate. */
    public boolean rotatable() {
        return directKey().isEmpty() && config.keySecretId().isPresent();
    }

    /** Reads the secret again, after the Veo API refused the cached key, in case it was rotated. */
    public String refreshedKey() {
        synchronized (this) {
            cachedKey = null;
        }
        LOG.warn("The Veo API refused the key from VEO_API_KEY_SECRET_ID; reading the secret again in case it was rotated.");
        return apiKey();
    }

    /** The text with the key, where one is known, replaced: the last guard before a result leaves. */
    public String redact(String text) {
        String key = directKey().orElseGet(() -> {
            synchronized (this) {
                return cachedKey;
            }
        });
        return RecordInfoReader.redact(text, key);
    }

    private Optional<String> directKey() {
        return config.key().map(String::strip).filter(key -> !key.isEmpty());
    }

    private String readSecret(String secretId) {
        // Read at call time, not at start-up: a runtime restored from a snapshot has other credentials.
        String token = config.secretsExtensionToken().or(() -> Optional.ofNullable(System.getenv("AWS_SESSION_TOKEN")))
                .filter(value -> !value.isBlank()).orElseThrow(() -> UpstreamAuthException.notConfigured(
                "VEO_API_KEY_SECRET_ID is set but AWS_SESSION_TOKEN is not, so the Parameters and Secrets extension "
                        + "cannot be asked for the secret; outside Lambda, set VEO_API_KEY instead."));
        SecretValue value;
        try {
            value = extension.secret(secretId, token);
        } catch (WebApplicationException refused) {
            int status = refused.getResponse().getStatus();
            if (status == 400 || status == 403 || status == 404) {
                throw UpstreamAuthException.notConfigured("The Parameters and Secrets extension could not read the secret named by "
                        + "VEO_API_KEY_SECRET_ID (HTTP " + status + ": no such secret, or the function may not read it).");
            }
            // Throttling or a fault behind the extension passes: it is retried like an unavailable upstream.
            throw new UpstreamUnavailableException("The Parameters and Secrets extension failed to read the secret named "
                    + "by VEO_API_KEY_SECRET_ID for now (HTTP " + status + ").");
        } catch (RuntimeException unreachable) {
            throw UpstreamAuthException.notConfigured("The AWS Parameters and Secrets Lambda Extension did not answer, so the "
                    + "secret named by VEO_API_KEY_SECRET_ID cannot be read; add the extension's layer to the function.");
        }
        String key = value == null || value.secretString() == null ? "" : value.secretString().strip();
        if (key.isEmpty()) {
            throw UpstreamAuthException.notConfigured("The secret named by VEO_API_KEY_SECRET_ID has no text value; store the "
                    + "Veo API key in it as plain text.");
        }
        return key;
    }

    /** Forgets the key read from the secret, so that the next invocation reads it again. */
    public synchronized void forgetSecret() {
        cachedKey = null;
        cachedUntil = Instant.MIN;
    }
}

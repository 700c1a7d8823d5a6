package io.veostatus.apikey;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.ApiKeyUnavailableException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.Deadline;

/**
 * The bearer token for the Veo API: {@code VEO_API_KEY} when set, else the secret named by
 * {@code VEO_API_KEY_SECRET_ID}, read through the Parameters and Secrets extension ({@link SecretKeyReader}) once per
 * warm instance and kept for {@code veo.api.key-cache-ttl}. A missing key is reported at the invocation that
 * needs it, not at start-up, so that a misconfigured function still answers every caller with a
 * sentence that says what to set. The key itself is never logged, and {@link #redactor} removes it, in every form an
 * upstream may echo it in, from what leaves.
 */
@ApplicationScoped
public class ApiKeyProvider {

    private static final Logger LOG = Logger.getLogger(ApiKeyProvider.class);

    private final VeoApiConfig config;
    private final SecretKeyReader secrets;
    /** The key read from the secret and when it must be read again; guarded by {@code this}. */
    private String cachedKey;
    private Instant cachedUntil = Instant.MIN;
    /** The redactor of the key last handed out, kept when that key is forgotten: its forms are built once per key. */
    private volatile KeyRedactor redactor;

    public ApiKeyProvider(VeoApiConfig config, SecretKeyReader secrets) {
        this.config = config;
        this.secrets = secrets;
        // Built here, in the init phase where the handler's beans are created, rather than by the first invocation.
        this.redactor = KeyRedactor.of(directKey().orElse(null));
    }

    /**
     * The key, read from the secret within {@code deadline} when it is not at hand.
     *
     * @throws UpstreamAuthException the deployment has no usable key (not configured)
     * @throws ApiKeyUnavailableException the secret could not be read for now
     */
    public String apiKey(Deadline deadline) {
        Optional<String> direct = directKey();
        if (direct.isPresent()) {
            return direct.get();
        }
        String secretId = config.keySecretId().map(String::strip).filter(id -> !id.isEmpty())
                .orElseThrow(() -> UpstreamAuthException.notConfigured("This deployment has no Veo API key configured: "
                        + "set the environment variable VEO_API_KEY, or VEO_API_KEY_SECRET_ID to a secret holding it."));
        synchronized (this) {
            if (cachedKey == null || Instant.now().isAfter(cachedUntil)) {
                // Only a key read in full is kept: after a failed read the next invocation reads again.
                cachedKey = secrets.read(secretId, deadline);
                cachedUntil = Instant.now().plus(config.keyCacheTtl());
                redactor(cachedKey);
            }
            return cachedKey;
        }
    }

    /** Whether {@link #refreshedKey} can give another key: only a key read from a secret can rotate. */
    public boolean rotatable() {
        return directKey().isEmpty() && config.keySecretId().isPresent();
    }

    /** Reads the secret again, after the Veo API refused the cached key, in case it was rotated. */
    public String refreshedKey(Deadline deadline) {
        synchronized (this) {
            cachedKey = null;
        }
        LOG.warn("The Veo API refused the key from VEO_API_KEY_SECRET_ID; reading the secret again in case it was rotated.");
        return apiKey(deadline);
    }

    /** The redactor of {@code key}: the one already built when it is the key last handed out. */
    public KeyRedactor redactor(String key) {
        KeyRedactor known = redactor;
        if (known.isFor(key)) {
            return known;
        }
        KeyRedactor built = KeyRedactor.of(key);
        redactor = built;
        return built;
    }

    /** The text with the key, where one is known, removed in every form: the last guard before a result leaves. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    private Optional<String> directKey() {
        return config.key().map(String::strip).filter(key -> !key.isEmpty());
    }

    /** Forgets the key read from the secret, so that the next invocation reads it again. */
    public synchronized void forgetSecret() {
        cachedKey = null;
        cachedUntil = Instant.MIN;
    }
}

package io.veostatus.callback.proof;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.apikey.SecretKeyReader;
import io.veostatus.config.CallbackConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.kernel.Deadline;

/**
 * The two secrets a callback may have to prove it knows: the vendor's HMAC key and the URL secret, each given directly
 * ({@code VEO_CALLBACK_HMAC_KEY}, {@code VEO_CALLBACK_URL_SECRET}) or named as a Secrets Manager secret read through
 * the Parameters and Secrets extension, kept as long as the API key is ({@code veo.api.key-cache-ttl}).
 */
@ApplicationScoped
public class ProofSecrets {

    private final CallbackConfig config;
    private final Cached hmacKey;
    private final Cached urlSecret;

    public ProofSecrets(CallbackConfig config, SecretKeyReader reader, VeoApiConfig api) {
        this.config = config;
        this.hmacKey = new Cached(reader, api, "VEO_CALLBACK_HMAC_KEY_SECRET_ID");
        this.urlSecret = new Cached(reader, api, "VEO_CALLBACK_URL_SECRET_SECRET_ID");
    }

    /** Whether callbacks must be signed: set here, the signature is checked even should the secret fail to be read. */
    public boolean signed() {
        return given(config.hmacKey()).isPresent() || given(config.hmacKeySecretId()).isPresent();
    }

    /** Whether callbacks must come to the URL with the secret. */
    public boolean secretUrl() {
        return given(config.urlSecret()).isPresent() || given(config.urlSecretSecretId()).isPresent();
    }

    String hmacKey(Deadline deadline) {
        return given(config.hmacKey()).orElseGet(() -> hmacKey.read(config.hmacKeySecretId().orElseThrow(), deadline));
    }

    String urlSecret(Deadline deadline) {
        return given(config.urlSecret()).orElseGet(() -> urlSecret.read(config.urlSecretSecretId().orElseThrow(), deadline));
    }

    private static Optional<String> given(Optional<String> value) {
        return value.map(String::strip).filter(text -> !text.isEmpty());
    }

    /** One secret read through the extension, kept for a while. */
    private static final class Cached {
        private final SecretKeyReader reader;
        private final VeoApiConfig api;
        private final String setting;
        /** Guarded by {@code this}. */
        private String value;
        private Instant until = Instant.MIN;

        Cached(SecretKeyReader reader, VeoApiConfig api, String setting) {
            this.reader = reader;
            this.api = api;
            this.setting = setting;
        }

        synchronized String read(String secretId, Deadline deadline) {
            if (value == null || Instant.now().isAfter(until)) {
                value = reader.read(secretId.strip(), setting, deadline);
                until = Instant.now().plus(api.keyCacheTtl());
            }
            return value;
        }
    }
}

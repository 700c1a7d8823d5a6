package io.veostatus.status;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The key read from a secret (VEO_API_KEY_SECRET_ID, no VEO_API_KEY) through WireMock standing in for the Parameters
 * and Secrets extension, with a session token of the test's own. One profile for every test class that needs it, so
 * that they share one start of the application.
 */
public class KeyFromSecretProfile implements QuarkusTestProfile {

    public static final String SECRETS = "/secretsmanager/get";
    public static final String SECRET_ID = "veo/api-key";
    public static final String SESSION_TOKEN = "test-session-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("veo.api.key", "",
                "veo.api.key-secret-id", SECRET_ID,
                "veo.api.secrets-extension-token", SESSION_TOKEN,
                "veo.api.secrets-extension-url", "http://localhost:${quarkus.wiremock.devservices.port}");
    }
}

package io.veostatus.callback.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.veostatus.config.CallbackConfig;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;

/** What a callback must prove, without Quarkus: the vendor's signature, its timestamp, the URL secret. */
class CallbackProofTest {

    private static final String KEY = "test-hmac-key";
    private static final TaskId TASK = new TaskId("veo_task_abcdef123456");
    private static final String SENT = "1769670760";
    /** Computed apart from this code, with Node.js's and Python's HMAC, for this key, task id and time. */
    private static final String VENDOR_SIGNATURE = "Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0=";
    private static final Instant AT_SENDING = Instant.ofEpochSecond(Long.parseLong(SENT));
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(5));

    private static CallbackProof proof(Map<String, String> settings) {
        CallbackConfig config = ConfigDefaults.of(CallbackConfig.class, settings);
        // No secret id is set in these cases: nothing is read through the extension.
        return new CallbackProof(new ProofSecrets(config, null, ConfigDefaults.of(VeoApiConfig.class)), config);
    }

    private static final CallbackProof SIGNED = proof(Map.of("veo.callback.hmac-key", KEY));

    @Test
    void theSignatureIsTheVendorsForTheSameKeyTaskAndTime() {
        assertArrayEquals(Base64.getDecoder().decode(VENDOR_SIGNATURE), CallbackProof.hmac(KEY, TASK.value() + "." + SENT));
        assertEquals(Optional.empty(), SIGNED.signatureRefusal(TASK, SENT, VENDOR_SIGNATURE, AT_SENDING, DEADLINE));
        assertEquals(Optional.empty(), SIGNED.signatureRefusal(TASK, SENT, VENDOR_SIGNATURE, AT_SENDING.plusSeconds(300), DEADLINE),
                "within the replay window");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            another task's signature     | veo_task_other        | 1769670760 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 0    | not the signature
            another time's signature      | veo_task_abcdef123456 | 1769670761 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 1    | not the signature
            a forged signature            | veo_task_abcdef123456 | 1769670760 | AAAAOMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 0    | not the signature
            a cut signature               | veo_task_abcdef123456 | 1769670760 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVk     | 0    | not the signature
            no signature                  | veo_task_abcdef123456 | 1769670760 | null                                         | 0    | not signed
            no timestamp                  | veo_task_abcdef123456 | null       | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 0    | not signed
            a signature not in base64     | veo_task_abcdef123456 | 1769670760 | not base64!                                  | 0    | not base64
            a timestamp in milliseconds   | veo_task_abcdef123456 | 1769670760000 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 0 | not a time
            a timestamp not a number      | veo_task_abcdef123456 | 17696707x0 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 0    | not a time
            a stale one, replayed         | veo_task_abcdef123456 | 1769670760 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | 301  | more than 300 s
            one from the future           | veo_task_abcdef123456 | 1769670760 | Ivw3OMHJrffsMXN090MJLt86z3mCTe/JEUVdGaVkFH0= | -301 | more than 300 s
            """)
    void aCallbackThatIsNotSignedForItsTaskAndTimeIsRefused(String what, String task, String timestamp, String signature,
            long secondsLater, String reason) {
        Optional<String> refused = SIGNED.signatureRefusal(new TaskId(task), timestamp, signature,
                AT_SENDING.plusSeconds(secondsLater), DEADLINE);
        assertTrue(refused.isPresent() && refused.get().contains(reason), what + ": " + refused);
    }

    @Test
    void theUrlSecretMustBeTheDeploymentsWhenOneIsSet() {
        CallbackProof secretUrl = proof(Map.of("veo.callback.url-secret", "s3cr3t-0123456789abcdef0123456789abcdef"));
        assertEquals(Optional.empty(), secretUrl.urlRefusal("s3cr3t-0123456789abcdef0123456789abcdef", DEADLINE));
        assertTrue(secretUrl.urlRefusal(null, DEADLINE).orElseThrow().contains("no secret"));
        assertTrue(secretUrl.urlRefusal("s3cr3t-0123456789abcdef0123456789abcdeF", DEADLINE).orElseThrow().contains("not this deployment's"));
        assertTrue(secretUrl.urlRefusal("", DEADLINE).isPresent());
        assertEquals(Optional.empty(), secretUrl.signatureRefusal(TASK, null, null, AT_SENDING, DEADLINE),
                "without a key, no signature is asked for");
        assertEquals(Optional.empty(), SIGNED.urlRefusal(null, DEADLINE), "without a URL secret, the signature is the proof");
    }

    @Test
    void withNoProofConfiguredEveryCallbackIsRefused() {
        CallbackProof none = proof(Map.of());
        assertTrue(none.urlRefusal(null, DEADLINE).orElseThrow().contains("no proof is configured"));
        assertTrue(none.urlRefusal("anything", DEADLINE).isPresent());
    }

    @Test
    void withBothSetACallbackNeedsBoth() {
        CallbackProof both = proof(Map.of("veo.callback.hmac-key", KEY, "veo.callback.url-secret", "long-random-url-secret"));
        assertTrue(both.urlRefusal(null, DEADLINE).isPresent());
        assertEquals(Optional.empty(), both.urlRefusal("long-random-url-secret", DEADLINE));
        assertTrue(both.signatureRefusal(TASK, null, null, AT_SENDING, DEADLINE).isPresent());
    }
}

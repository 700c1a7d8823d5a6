package io.veostatus.callback;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import io.veostatus.keep.HandlerRouter;

/**
 * The callback tests' application: dynalite as the table of waiting executions, the Step Functions recorder as
 * Step Functions, WireMock as the Veo API, every handler reachable through {@link HandlerRouter}; callbacks must carry
 * both proofs (the vendor's HMAC and the URL secret), and record-info is asked at most once per task per 3 s.
 */
public class CallbackProfile implements QuarkusTestProfile {

    public static final String HMAC_KEY = "callback-hmac-key-DO-NOT-LEAK";
    public static final String URL_SECRET = "callback-url-secret-0123456789abcdef-DO-NOT-LEAK";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", HandlerRouter.NAME,
                "veo.callback.hmac-key", HMAC_KEY,
                "veo.callback.url-secret", URL_SECRET,
                "veo.callback.poll-spacing", "3s",
                "veo.callback.region", DynaliteServer.REGION);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Services.class));
    }

    /** dynalite and the recorder, for the whole profile; the tests reach them through {@link #dynalite()} and {@link #states()}. */
    public static class Services implements QuarkusTestResourceLifecycleManager {

        private static volatile DynaliteServer dynalite;
        private static volatile StepFunctionsRecorder states;

        @Override
        public Map<String, String> start() {
            dynalite = DynaliteServer.start();
            states = StepFunctionsRecorder.start();
            // The SDK's clients read these, as they read Lambda's environment on AWS.
            System.setProperty("aws.accessKeyId", DynaliteServer.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", DynaliteServer.SECRET_KEY);
            return Map.of("veo.callback.table", DynaliteServer.TABLE,
                    "veo.callback.dynamodb-endpoint", dynalite.endpoint(),
                    "veo.callback.states-endpoint", states.endpoint());
        }

        @Override
        public void stop() {
            if (states != null) {
                states.close();
            }
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    public static DynaliteServer dynalite() {
        return Services.dynalite;
    }

    public static StepFunctionsRecorder states() {
        return Services.states;
    }
}

package io.veostatus.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The callback function's settings ({@code veo.callback.*}): where waiting executions are kept, and what a vendor's
 * callback must prove (docs/callbacks.md). Read by the callback function only.
 */
@ConfigMapping(prefix = "veo.callback")
public interface CallbackConfig {

    /**
     * The DynamoDB table of waiting executions ({@code VEO_CALLBACK_TABLE}); unset, every registration fails and the
     * executions poll.
     */
    Optional<String> table();

    /**
     * How long an execution waits for the callback before it polls (the template's {@code CallbackTimeoutSeconds});
     * a registration is kept this long and an hour more, then DynamoDB's TTL removes it.
     */
    @WithDefault("600s")
    Duration await();

    /**
     * The vendor's webhook HMAC key ({@code VEO_CALLBACK_HMAC_KEY}): set, every callback must carry the vendor's
     * signature of its task id and timestamp made with it.
     */
    Optional<String> hmacKey();

    /** The Secrets Manager secret holding the HMAC key, read through the Parameters and Secrets extension (native). */
    Optional<String> hmacKeySecretId();

    /**
     * A long random secret that ends the callback URL ({@code VEO_CALLBACK_URL_SECRET}), for accounts without the
     * vendor's HMAC: set, every callback must come to {@code /callback/<secret>}.
     */
    Optional<String> urlSecret();

    /** The Secrets Manager secret holding the URL secret, read through the Parameters and Secrets extension (native). */
    Optional<String> urlSecretSecretId();

    /** How far a signed callback's {@code X-Webhook-Timestamp} may lie from now, either way, before it is refused. */
    @WithDefault("300s")
    Duration replayWindow();

    /** At most one record-info call per task per this long, however many callbacks come for it. */
    @WithDefault("5s")
    Duration pollSpacing();

    /**
     * Longest a vendor's callback is handled: the vendor gives up after 15 s, so the answer leaves before that even
     * when the function's own timeout is longer.
     */
    @WithDefault("12s")
    Duration answerWithin();

    /** The table's region; unset, the function's own ({@code AWS_REGION}, which Lambda sets). */
    Optional<String> region();

    /** Another DynamoDB endpoint than AWS's, such as a local one for tests; unset on AWS. */
    Optional<URI> dynamodbEndpoint();

    /** Another Step Functions endpoint than AWS's, such as a local one for tests; unset on AWS. */
    Optional<URI> statesEndpoint();
}

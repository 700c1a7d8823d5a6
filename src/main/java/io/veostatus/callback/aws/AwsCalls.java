package io.veostatus.callback.aws;

import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import io.veostatus.config.CallbackConfig;
import io.veostatus.error.CallbackUnavailableException;
import io.veostatus.kernel.Deadline;

/**
 * What the callback function's two AWS clients share: the function's region and credentials from Lambda's environment,
 * the transport on the JDK's HttpURLConnection, and each call's time cut to the invocation's deadline.
 */
final class AwsCalls {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** Kept back from the deadline for the answer; a call that would have less than the floor is not made. */
    private static final Duration RESERVE = Duration.ofMillis(300);
    private static final Duration FLOOR = Duration.ofMillis(200);

    private AwsCalls() {
    }

    static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, CallbackConfig config,
            Optional<java.net.URI> endpoint) {
        String region = config.region().or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .filter(name -> !name.isBlank())
                .orElseThrow(() -> new CallbackUnavailableException("The region is unknown: set AWS_REGION or veo.callback.region."));
        builder.region(Region.of(region))
                .credentialsProvider(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create()))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** One call's settings: the SDK's own retries, all within what is left of the deadline. */
    static AwsRequestOverrideConfiguration within(Deadline deadline, String what) {
        Duration left = deadline.remaining().minus(RESERVE);
        if (left.compareTo(FLOOR) < 0) {
            throw new CallbackUnavailableException("No time was left to " + what + ".");
        }
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build();
    }
}

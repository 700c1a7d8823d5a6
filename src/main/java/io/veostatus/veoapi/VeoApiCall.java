package io.veostatus.veoapi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.TypedGuard;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.apikey.KeyRedactor;
import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.error.Outcome;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.kernel.AttemptTimeout;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.RetryWithinDeadline;
import io.veostatus.telemetry.UpstreamUsage;

/**
 * The one way a call reaches the Veo API, whichever endpoint it asks: the key (read again once from its secret when
 * the API refuses it, in case it was rotated), the bearer header, and SmallRye Fault Tolerance guards that act on
 * the outcome's type only:
 * <ul>
 * <li>no call at all when the invocation has less than {@link #SHORTEST_USEFUL_ATTEMPT} left, after
 * {@code veo.upstream.reserve};</li>
 * <li>a timeout per attempt ({@code veo.upstream.attempt-timeout}), cut to what the invocation has left;</li>
 * <li>retries with jittered exponential backoff for the transient outcomes ({@link Outcome#retriedOn}), only while a whole
 * attempt after the longest backoff still fits before the invocation's deadline;</li>
 * <li>a circuit breaker per endpoint, shared by every invocation this instance serves, that fails fast while the
 * endpoint keeps being unavailable.</li>
 * </ul>
 * Each attempt is counted in the invocation's {@link UpstreamUsage}. What a reply, a status, a failure or a lack of
 * time means is the endpoint's to say ({@link Exchange}): an answer returned, or an outcome thrown. An endpoint that
 * answers every transient failure itself, as the 1080p one does with "not yet", is thereby never retried and never
 * opens its breaker: it is asked again at the next invocation.
 *
 * <p>The retry and the timeout depend on the invocation's deadline, so they are built for each call (cheaply: a few
 * objects); a breaker keeps its state across invocations, so it is built once per endpoint ({@link #endpoint}).
 */
@Singleton
public class VeoApiCall {

    /** An attempt shorter than this would fail for want of time, not because of the upstream. */
    static final Duration SHORTEST_USEFUL_ATTEMPT = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(VeoApiCall.class);

    private final VeoApiClient client;
    private final ApiKeyProvider keys;
    private final UpstreamCallConfig config;
    private final RetryWithinDeadline retry;

    /**
     * A singleton, so that the gateways that inject it build the REST client when they are built (in the init phase's
     * warm-up), rather than at the first call.
     */
    public VeoApiCall(@RestClient VeoApiClient client, ApiKeyProvider keys, UpstreamCallConfig config) {
        this.client = client;
        this.keys = keys;
        this.config = config;
        this.retry = new RetryWithinDeadline(config.maxRetries(), config.retryDelay(), config.retryMaxDelay(),
                config.retryJitter());
    }

    /** One request to an endpoint, and what each way it can end means: an answer returned, or an outcome thrown. */
    public interface Exchange<T> {

        /** What is asked, for the retry's log line: "record-info for task ...". */
        String what();

        /**
         * The request, with {@code authorization} as its bearer header: the body of a 2xx reply (null for a reply
         * without one, a 204), or the client's {@code WebApplicationException} of any other status.
         */
        InputStream send(VeoApiClient client, String authorization);

        /** A 2xx reply, its body read here (within the attempt's time) and closed by the caller; null when it has none. */
        T reply(InputStream body, KeyRedactor key);

        /** A reply whose HTTP status is not 2xx. */
        T httpStatus(int status);

        /** No reply: the connection failed (refused, reset, TLS, DNS). */
        T unreachable(RuntimeException failure, KeyRedactor key);

        /** No reply complete within the attempt's time. */
        T tooSlow(Duration attemptTime);

        /** Not asked: the invocation had too little time left. */
        T noTimeLeft();
    }

    /**
     * The endpoint {@code name} (the name of its circuit breaker too), which answers {@code answer}: made once per
     * endpoint, by the bean that calls it.
     */
    public <T> Endpoint<T> endpoint(String name, Class<T> answer) {
        UpstreamCallConfig.CircuitBreaker settings = config.circuitBreaker();
        return new Endpoint<>(name, answer, TypedGuard.create(answer)
                .withDescription(name + " circuit breaker")
                .withCircuitBreaker()
                .name(name)
                .requestVolumeThreshold(settings.requestVolume())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(UpstreamUnavailableException.class)
                .done()
                .build());
    }

    /** One endpoint of the Veo API, with the guard that outlives an invocation: its circuit breaker. */
    public final class Endpoint<T> {
        private final String name;
        private final Class<T> answer;
        private final TypedGuard<T> breaker;

        private Endpoint(String name, Class<T> answer, TypedGuard<T> breaker) {
            this.name = name;
            this.answer = answer;
            this.breaker = breaker;
        }

        /**
         * Makes {@code exchange} within the invocation's {@code deadline}, counting what it asked in {@code usage}.
         *
         * @throws io.veostatus.error.VeoStatusException the outcome, where the exchange throws one
         */
        public T call(Exchange<T> exchange, Deadline deadline, UpstreamUsage usage) {
            // Checked before any guard so that an invocation short of time does not count against the upstream.
            if (available(deadline).compareTo(SHORTEST_USEFUL_ATTEMPT) < 0) {
                return exchange.noTimeLeft();
            }
            String apiKey = keys.apiKey(deadline);
            try {
                return guarded(this, exchange, deadline, apiKey, usage);
            } catch (UpstreamAuthException refused) {
                // A key from Secrets Manager may have been rotated since it was cached: read it once more.
                if (!keys.rotatable()) {
                    throw refused;
                }
                String fresh = keys.refreshedKey(deadline);
                if (fresh.equals(apiKey)) {
                    throw refused;
                }
                return guarded(this, exchange, deadline, fresh, usage);
            }
        }
    }

    private <T> T guarded(Endpoint<T> endpoint, Exchange<T> exchange, Deadline deadline, String apiKey, UpstreamUsage usage) {
        // Reading the key from the secret may have taken part of the time.
        Duration available = available(deadline);
        Duration attemptTime = AttemptTimeout.within(available, config.attemptTimeout());
        TypedGuard<T> timed = AttemptTimeout.guard(endpoint.answer, endpoint.name + " attempt", attemptTime);
        TypedGuard<T> retried = retry.guard(endpoint.answer, Outcome.RetriedCall.VEO_API, endpoint.name + " retry", available,
                attemptTime, failure -> LOG.warnf("Retrying %s after: %s", exchange.what(), failure.getMessage()));
        KeyRedactor redactor = keys.redactor(apiKey);
        try {
            return retried.get(() -> endpoint.breaker.get(() -> {
                long start = System.nanoTime();
                try {
                    return timed.get(() -> attempt(exchange, apiKey, redactor));
                } catch (TimeoutException slow) {
                    return exchange.tooSlow(attemptTime);
                } finally {
                    usage.recordAttempt(System.nanoTime() - start);
                }
            }));
        } catch (CircuitBreakerOpenException open) {
            usage.recordCircuitOpen();
            throw new UpstreamUnavailableException("The Veo API failed repeatedly just now, so it is not being called "
                    + "for up to " + config.circuitBreaker().delay().toSeconds() + " s.");
        }
    }

    /**
     * One request. The reply's body is read here, on the invocation's thread (never on an I/O thread), so that the
     * attempt's timeout, which interrupts this thread, also ends a stalled or trickling body.
     */
    private <T> T attempt(Exchange<T> exchange, String apiKey, KeyRedactor redactor) {
        InputStream body;
        try {
            body = exchange.send(client, "Bearer " + apiKey);
        } catch (WebApplicationException httpStatus) {
            return exchange.httpStatus(httpStatus.getResponse().getStatus());
        } catch (RuntimeException transportFailure) {
            return exchange.unreachable(transportFailure, redactor);
        }
        try {
            return exchange.reply(body, redactor);
        } finally {
            closeQuietly(body);
        }
    }

    private static void closeQuietly(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.close();
        } catch (IOException | RuntimeException alreadyBroken) {
            // Whatever the reply was, it has been classified; closing only frees the connection.
        }
    }

    private Duration available(Deadline deadline) {
        return deadline.remaining().minus(config.reserve());
    }
}

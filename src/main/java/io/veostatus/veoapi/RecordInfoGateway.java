package io.veostatus.veoapi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
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
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.AttemptTimeout;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.RetryWithinDeadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;

/**
 * The fault-tolerant way to ask record-info about a task: the declarative client, each reply classified
 * at once by {@link RecordInfoClassifier}, inside SmallRye Fault Tolerance guards that act on the
 * outcome's type only:
 * <ul>
 * <li>a timeout per attempt, SmallRye's, cut to what the invocation has left;</li>
 * <li>retries with jittered exponential backoff for the transient outcomes (unavailable, throttled), and
 * only while a whole attempt after the longest backoff still fits before the invocation's deadline;</li>
 * <li>a circuit breaker, shared by every invocation this instance serves, that fails fast while the
 * upstream keeps being unavailable.</li>
 * </ul>
 * The retry and the timeout depend on the invocation's deadline, so they are built for each invocation
 * (cheaply: a few objects); the breaker keeps its state across invocations, so it is built once.
 */
@ApplicationScoped
public class RecordInfoGateway {

    public static final String CIRCUIT_BREAKER_NAME = "record-info";
    private static final Logger LOG = Logger.getLogger(RecordInfoGateway.class);
    /** An attempt shorter than this would fail for want of time, not because of the upstream. */
    private static final Duration SHORTEST_USEFUL_ATTEMPT = Duration.ofMillis(500);

    private final VeoApiClient client;
    private final ApiKeyProvider keys;
    private final RecordInfoClassifier classifier;
    private final UpstreamCallConfig config;
    private final TypedGuard<TaskReport> breaker;
    private final RetryWithinDeadline retry;

    public RecordInfoGateway(@RestClient VeoApiClient client, ApiKeyProvider keys, RecordInfoClassifier classifier,
            UpstreamCallConfig config) {
        this.client = client;
        this.keys = keys;
        this.config = config;
        this.classifier = classifier;
        this.retry = new RetryWithinDeadline(config.maxRetries(), config.retryDelay(), config.retryMaxDelay(), config.retryJitter());
        UpstreamCallConfig.CircuitBreaker settings = config.circuitBreaker();
        this.breaker = TypedGuard.create(TaskReport.class)
                .withDescription("record-info circuit breaker")
                .withCircuitBreaker()
                .name(CIRCUIT_BREAKER_NAME)
                .requestVolumeThreshold(settings.requestVolume())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(UpstreamUnavailableException.class)
                .done()
                .build();
    }

    /**
     * Asks record-info about {@code taskId} within the invocation's {@code deadline}, counting what it
     * asked in {@code usage}.
     *
     * @throws VeoStatusException the outcome when the upstream gave no report on the task
     */
    public TaskReport fetch(TaskId taskId, Deadline deadline, UpstreamUsage usage) {
        // Checked before any guard so that an invocation short of time does not count against the upstream.
        if (available(deadline).compareTo(SHORTEST_USEFUL_ATTEMPT) < 0) {
            throw UpstreamUnavailableException.tooSlow(
                    "This invocation has too little time left to ask the Veo API about task " + taskId + ".");
        }
        String apiKey = keys.apiKey(deadline);
        try {
            return guarded(taskId, deadline, apiKey, usage);
        } catch (UpstreamAuthException refused) {
            // A key from Secrets Manager may have been rotated since it was cached: read it once more.
            if (!keys.rotatable()) {
                throw refused;
            }
            String fresh = keys.refreshedKey(deadline);
            if (fresh.equals(apiKey)) {
                throw refused;
            }
            return guarded(taskId, deadline, fresh, usage);
        }
    }

    private TaskReport guarded(TaskId taskId, Deadline deadline, String apiKey, UpstreamUsage usage) {
        Duration available = available(deadline);
        Duration attemptTime = AttemptTimeout.within(available, config.attemptTimeout());
        TypedGuard<TaskReport> timed = AttemptTimeout.guard(TaskReport.class, "record-info attempt", attemptTime);
        KeyRedactor redactor = keys.redactor(apiKey);
        try {
            return retriesWithin(available, attemptTime, taskId).get(() -> breaker.get(() -> {
                long start = System.nanoTime();
                try {
                    return timed.get(() -> attempt(taskId, apiKey, redactor));
                } catch (TimeoutException slow) {
                    throw classifier.tooSlow(taskId, attemptTime);
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

    private TypedGuard<TaskReport> retriesWithin(Duration available, Duration attemptTime, TaskId taskId) {
        return retry.guard(TaskReport.class, Outcome.RetriedCall.RECORD_INFO, "record-info retry", available, attemptTime,
                        failure -> LOG.warnf("Retrying record-info for task %s after: %s", taskId, failure.getMessage()));
    }

    /**
     * One request. The reply's body is read here, on the invocation's thread (never on an I/O thread),
     * so that the attempt's timeout, which interrupts this thread, also ends a stalled or trickling body.
     */
    private TaskReport attempt(TaskId taskId, String apiKey, KeyRedactor redactor) {
        InputStream body;
        try {
            body = client.recordInfo(taskId.value(), "Bearer " + apiKey).await().indefinitely();
        } catch (WebApplicationException httpStatus) {
            throw classifier.httpStatus(taskId, httpStatus.getResponse().getStatus());
        } catch (RuntimeException transportFailure) {
            throw classifier.transportFailure(taskId, transportFailure, redactor);
        }
        if (body == null) {
            // A 204 has no body at all (the client gives none), which is not a record-info reply either.
            return classifier.reply(taskId, InputStream.nullInputStream(), redactor, Instant.now());
        }
        try {
            return classifier.reply(taskId, body, redactor, Instant.now());
        } finally {
            closeQuietly(body);
        }
    }

    private static void closeQuietly(InputStream body) {
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

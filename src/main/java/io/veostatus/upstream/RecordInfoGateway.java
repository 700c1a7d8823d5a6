package io.veostatus.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamThrottledException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;

/**
 * The fault-tolerant way to ask record-info about a task. Around the declarative client it adds:
 * <ul>
 * <li>a timeout per attempt, cut to what the invocation has left;</li>
 * <li>bounded retries with jittered exponential backoff, for the transient outcomes only, and never a
 * retry that could not finish before the invocation's deadline;</li>
 * <li>a circuit breaker that fails fast while the upstream keeps failing, shared by every invocation
 * this instance serves.</li>
 * </ul>
 */
@ApplicationScoped
public class RecordInfoGateway {

    public static final String CIRCUIT_BREAKER_NAME = "record-info";
    private static final Logger LOG = Logger.getLogger(RecordInfoGateway.class);
    /** An attempt shorter than this would fail for want of time, not because of the upstream. */
    private static final Duration SHORTEST_USEFUL_ATTEMPT = Duration.ofMillis(500);

    private final RecordInfoClient client;
    private final ApiKeyProvider keys;
    private final RecordInfoReader reader;
    private final UpstreamCallConfig config;
    private final Guard guard;

    public RecordInfoGateway(@RestClient RecordInfoClient client, ApiKeyProvider keys, ObjectMapper json,
            UpstreamCallConfig config) {
        this.client = client;
        this.keys = keys;
        this.config = config;
        this.reader = new RecordInfoReader(json, config.maxBodyBytes());
        UpstreamCallConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = Guard.create()
                .withDescription("record-info")
                .withRetry()
                .maxRetries(config.maxRetries())
                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(config.retryJitter().toMillis(), ChronoUnit.MILLIS)
                .whenException(RecordInfoGateway::isTransient)
                .withExponentialBackoff().factor(2).maxDelay(config.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .withCircuitBreaker()
                .name(CIRCUIT_BREAKER_NAME)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(failure -> outcome(failure) instanceof UpstreamUnavailableException)
                .done()
                .build();
    }

    /**
     * Asks record-info about {@code taskId} and hands each answer to {@code interpreter}.
     *
     * @throws VeoStatusException the outcome when there is no status to report
     */
    public <T> T fetch(TaskId taskId, Deadline deadline, RecordInfoInterpreter<T> interpreter) {
        // Checked before the guard so that an invocation short of time does not count against the upstream.
        if (deadline.remaining().minus(config.reserve()).compareTo(SHORTEST_USEFUL_ATTEMPT) < 0) {
            throw UpstreamUnavailableException.timedOut(
                    "This invocation has too little time left to ask the Veo API about task " + taskId + ".", null);
        }
        String apiKey = keys.apiKey();
        try {
            return guarded(new Attempts<>(taskId, deadline, interpreter, apiKey));
        } catch (UpstreamAuthException refused) {
            // A key from Secrets Manager may have been rotated since it was cached: read it once more.
            if (!keys.rotatable()) {
                throw refused;
            }
            String fresh = keys.refreshedKey();
            if (fresh.equals(apiKey)) {
                throw refused;
            }
            return guarded(new Attempts<>(taskId, deadline, interpreter, fresh));
        }
    }

    private <T> T guarded(Attempts<T> attempts) {
        try {
            @SuppressWarnings("unchecked")
            T result = (T) guard.get(attempts::next, Object.class);
            return result;
        } catch (CircuitBreakerOpenException open) {
            throw new UpstreamUnavailableException("The Veo API failed repeatedly just now, so it is not being called for up to "
                    + config.circuitBreaker().delay().toSeconds() + " s.");
        } catch (FinalAttempt last) {
            throw last.outcome;
        }
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof UpstreamUnavailableException || failure instanceof UpstreamThrottledException;
    }

    private static Throwable outcome(Throwable failure) {
        return failure instanceof FinalAttempt last ? last.outcome : failure;
    }

    /** The attempts of one invocation: they share its deadline and its attempt count. */
    private final class Attempts<T> {

        private final TaskId taskId;
        private final Deadline deadline;
        private final RecordInfoInterpreter<T> interpreter;
        private final String apiKey;
        private int made;

        Attempts(TaskId taskId, Deadline deadline, RecordInfoInterpreter<T> interpreter, String apiKey) {
            this.taskId = taskId;
            this.deadline = deadline;
            this.interpreter = interpreter;
            this.apiKey = apiKey;
        }

        Object next() {
            made++;
            // Retries are only started with enough time (timeForAnotherAttempt), so this is rarely cut hard.
            Duration available = deadline.remaining().minus(config.reserve());
            Duration timeout = available.compareTo(config.attemptTimeout()) < 0 ? available : config.attemptTimeout();
            try {
                RecordInfoAnswer answer = call(timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout);
                try {
                    return interpreter.interpret(taskId, answer);
                } catch (VeoStatusException outcome) {
                    throw outcome;
                } catch (RuntimeException notUnderstood) {
                    // Whatever else an interpreter trips over in an answer means the answer is not understood.
                    throw new UpstreamUnavailableException("The Veo API's answer for task " + taskId
                            + " could not be interpreted (" + notUnderstood.getClass().getSimpleName() + ").");
                }
            } catch (UpstreamUnavailableException | UpstreamThrottledException transientFailure) {
                if (made <= config.maxRetries() && !timeForAnotherAttempt()) {
                    LOG.warnf("record-info attempt %d for task %s failed and no retry fits in the time left: %s", made,
                            taskId, transientFailure.getMessage());
                    throw new FinalAttempt(transientFailure);
                }
                if (made <= config.maxRetries()) {
                    LOG.warnf("record-info attempt %d for task %s failed, retrying: %s", made, taskId,
                            transientFailure.getMessage());
                }
                throw transientFailure;
            }
        }

        /** Whether the longest backoff before the next attempt plus a useful attempt still fit. */
        private boolean timeForAnotherAttempt() {
            long backoff = Math.min(config.retryMaxDelay().toMillis(), config.retryDelay().toMillis() << (made - 1));
            Duration worstCase = Duration.ofMillis(backoff).plus(config.retryJitter()).plus(SHORTEST_USEFUL_ATTEMPT)
                    .plus(config.reserve());
            return deadline.remaining().compareTo(worstCase) >= 0;
        }

        /**
         * One request, headers and body both within {@code timeout}. The body is read on a worker thread
         * (the client streams it, and the I/O thread must not block); on timeout the stream is closed so
         * that a stalled or trickling body does not hold the worker either.
         */
        private RecordInfoAnswer call(Duration timeout) {
            AtomicReference<InputStream> opened = new AtomicReference<>();
            try {
                return client.recordInfo(taskId.value(), "Bearer " + apiKey)
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(body -> {
                            opened.set(body);
                            try (body) {
                                return reader.read(body, apiKey);
                            } catch (IOException closing) {
                                throw new UpstreamUnavailableException("The Veo API's answer could not be read to its end.");
                            }
                        })
                        .ifNoItem().after(timeout).failWith(TimeoutException::new)
                        .onFailure(TimeoutException.class).invoke(() -> closeQuietly(opened.get()))
                        .await().indefinitely();
            } catch (VeoStatusException outcome) {
                throw outcome;
            } catch (WebApplicationException httpError) {
                throw fromHttpStatus(httpError.getResponse().getStatus());
            } catch (RuntimeException transportFailure) {
                throw fromTransportFailure(transportFailure, timeout);
            }
        }

        private RuntimeException fromTransportFailure(RuntimeException failure, Duration timeout) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                    return UpstreamUnavailableException.timedOut("The Veo API did not answer within "
                            + timeout.toMillis() + " ms for task " + taskId + ".", null);
                }
            }
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            String detail = RecordInfoReader.redact(String.valueOf(cause.getMessage()), apiKey);
            return new UpstreamUnavailableException("The Veo API could not be reached (" + cause.getClass().getSimpleName()
                    + ": " + detail + ").");
        }
    }

    private static void closeQuietly(InputStream body) {
        if (body != null) {
            try {
                body.close();
            } catch (IOException | RuntimeException alreadyBroken) {
                // The attempt has already failed; closing only frees the connection.
            }
        }
    }

    private static VeoStatusException fromHttpStatus(int status) {
        return switch (status) {
            case 401, 403 -> new UpstreamAuthException(
                    "The Veo API refused the API key (HTTP " + status + "); check VEO_API_KEY.");
            case 429 -> new UpstreamThrottledException("The Veo API is rate-limiting this API key (HTTP 429).");
            default -> new UpstreamUnavailableException("The Veo API answered HTTP " + status
                    + " instead of a record-info answer" + (status == 404 ? "; check VEO_API_BASE_URL." : "."));
        };
    }

    /** Carries an outcome past the retry strategy when no retry fits in the invocation's time. */
    private static final class FinalAttempt extends RuntimeException {

        private final VeoStatusException outcome;

        FinalAttempt(VeoStatusException outcome) {
            super(outcome.getMessage(), outcome, false, false);
            this.outcome = outcome;
        }
    }
}

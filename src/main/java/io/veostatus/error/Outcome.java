package io.veostatus.error;

import static io.veostatus.error.Outcome.LambdaFunction.CALLBACK;
import static io.veostatus.error.Outcome.LambdaFunction.KEEPING;
import static io.veostatus.error.Outcome.LambdaFunction.STATUS;
import static io.veostatus.error.Outcome.RetriedCall.VEO_API;
import static io.veostatus.error.Outcome.RetriedCall.VIDEO_COPY;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What each outcome means, in one place: which function may end in it, which call the function itself retries on it
 * (SmallRye Fault Tolerance retries by type, so the retry lists are read from here), which Task states of the state
 * machines retry it (their {@code Retry} lists say the same: StateMachineErrorNamesTest), and how the HTTP edge answers
 * it. docs/api.md's "Errors" table says the same too (ErrorTableTest).
 *
 * <p>An exception class is one Step Functions error name, so what the function or a state machine does with an outcome
 * is the same for every constant of one class; only the HTTP answer may tell two apart, for callers and operators (a
 * key refused by the Veo API or none configured, an upstream down or too slow). Each exception carries its constant.
 */
public enum Outcome {

    // type, thrown by, retried inside the function by, retried by the state machines around, HTTP answer
    INVALID_TASK_ID(InvalidTaskIdException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(),
            new HttpProblem(400, "invalid-task-id", "Invalid task id")),
    INVALID_REQUEST(InvalidRequestException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(),
            new HttpProblem(400, "invalid-request", "Invalid request")),
    /** A new task can be unknown for a few seconds, so the polling loop asks again; a task being kept was known. */
    TASK_NOT_FOUND(TaskNotFoundException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(STATUS),
            new HttpProblem(404, "task-not-found", "Task not found")),
    UPSTREAM_AUTH(UpstreamAuthException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(),
            new HttpProblem(502, "upstream-auth", "The Veo API refused the API key")),
    /** A fault of this deployment's configuration, not of the key: the message names the setting to fix. */
    API_KEY_NOT_CONFIGURED(UpstreamAuthException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(),
            new HttpProblem(500, "api-key-not-configured", "veo-status has no usable Veo API key")),
    API_KEY_UNAVAILABLE(ApiKeyUnavailableException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(), Set.of(STATUS, KEEPING),
            new HttpProblem(503, "api-key-unavailable", "veo-status could not read its Veo API key for now")),
    UPSTREAM_THROTTLED(UpstreamThrottledException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(VEO_API),
            Set.of(STATUS, KEEPING), new HttpProblem(503, "upstream-throttled", "The Veo API is rate-limiting")),
    UPSTREAM_UNAVAILABLE(UpstreamUnavailableException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(VEO_API),
            Set.of(STATUS, KEEPING), new HttpProblem(503, "upstream-unavailable", "The Veo API is unavailable")),
    /**
     * An attempt ran out of its time before the Veo API had replied. Not to be confused with a task's TIMED_OUT
     * status, which is its wait budget running out.
     */
    UPSTREAM_TIMEOUT(UpstreamUnavailableException.class, Set.of(STATUS, KEEPING, CALLBACK), Set.of(VEO_API),
            Set.of(STATUS, KEEPING), new HttpProblem(504, "upstream-timeout", "The Veo API did not reply in time")),
    // The keeping function has no HTTP edge.
    SOURCE_GONE(SourceGoneException.class, Set.of(KEEPING), Set.of(), Set.of(), null),
    SOURCE_REFUSED(SourceRefusedException.class, Set.of(KEEPING), Set.of(), Set.of(), null),
    BUCKET_REFUSED(BucketRefusedException.class, Set.of(KEEPING), Set.of(), Set.of(), null),
    VIDEO_TOO_LARGE(VideoTooLargeException.class, Set.of(KEEPING), Set.of(), Set.of(), null),
    KEEP_UNAVAILABLE(KeepUnavailableException.class, Set.of(KEEPING), Set.of(VIDEO_COPY), Set.of(KEEPING), null),
    /**
     * The callback function's table or Step Functions failed for now. Its HTTP answers are its own
     * (callback/CallbackAnswer); the await machine sends every failed registration to the polling loop.
     */
    CALLBACK_UNAVAILABLE(CallbackUnavailableException.class, Set.of(CALLBACK), Set.of(), Set.of(), null);

    /** The functions, each invoked by a Task state of the state machines. */
    public enum LambdaFunction {
        /** veo-status, the polling loop's {@code CheckStatus}. */
        STATUS,
        /** The keeping function, the state machines' {@code KeepVideo}. */
        KEEPING,
        /**
         * The callback function, the await machine's {@code AwaitCallback}, whose every failure sends the execution to
         * the polling loop ({@code States.ALL}): no state retries one of its outcomes.
         */
        CALLBACK
    }

    /** The calls the functions retry themselves, within the invocation's deadline (kernel/RetryWithinDeadline). */
    public enum RetriedCall {
        /** A call to the Veo API (record-info; an endpoint that answers its transient failures itself, as the 1080p one does, has none to retry). */
        VEO_API,
        /** One video's copy from the vendor's CDN into the bucket. */
        VIDEO_COPY
    }

    private final Class<? extends VeoStatusException> type;
    private final Set<LambdaFunction> thrownBy;
    private final Set<RetriedCall> retriedBy;
    private final Set<LambdaFunction> stateMachinesRetry;
    private final HttpProblem http;

    Outcome(Class<? extends VeoStatusException> type, Set<LambdaFunction> thrownBy, Set<RetriedCall> retriedBy,
            Set<LambdaFunction> stateMachinesRetry, HttpProblem http) {
        this.type = type;
        this.thrownBy = thrownBy;
        this.retriedBy = retriedBy;
        this.stateMachinesRetry = stateMachinesRetry;
        this.http = http;
    }

    /** The exception class, whose fully qualified name is the Lambda {@code errorType} Step Functions matches. */
    public Class<? extends VeoStatusException> type() {
        return type;
    }

    /** The functions that may end in it. */
    public Set<LambdaFunction> thrownBy() {
        return thrownBy;
    }

    /** Whether {@code call} is retried on it inside the function. */
    public boolean retriedBy(RetriedCall call) {
        return retriedBy.contains(call);
    }

    /** Whether any call is retried on it inside the function (docs/api.md's column "retried inside the function"). */
    public boolean retriedInsideTheFunction() {
        return !retriedBy.isEmpty();
    }

    /** Whether the Task state that invokes {@code function} retries it. */
    public boolean retriedByTheStateMachineAround(LambdaFunction function) {
        return stateMachinesRetry.contains(function);
    }

    /**
     * Whether the outcome is of the moment, so that asking again a little later may end otherwise: what the state
     * machines retry, and the callback function's table or Step Functions failing for now (which the await machine
     * does not retry: it polls instead). The callback function waits on these at a registration, and asks the vendor
     * to send a callback again on them.
     */
    public boolean ofTheMoment() {
        return !stateMachinesRetry.isEmpty() || this == CALLBACK_UNAVAILABLE;
    }

    /** The HTTP edge's answer, for the outcomes of the one function that has an HTTP edge. */
    public Optional<HttpProblem> http() {
        return Optional.ofNullable(http);
    }

    /**
     * The outcome as the metrics' {@code Outcome} dimension (telemetry/EmfMetrics), the summary line and the
     * template's alarms name it: the exception's simple name, the same for every constant of one class.
     */
    public String metricName() {
        return type.getSimpleName();
    }

    /** The exception classes {@code call} is retried on: SmallRye's {@code retryOn}. */
    public static List<Class<? extends Throwable>> retriedOn(RetriedCall call) {
        return Stream.of(values()).filter(outcome -> outcome.retriedBy(call)).<Class<? extends Throwable>>map(Outcome::type)
                .distinct().toList();
    }
}

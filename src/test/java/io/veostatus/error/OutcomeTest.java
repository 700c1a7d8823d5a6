package io.veostatus.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.veostatus.error.Outcome.LambdaFunction;
import io.veostatus.error.Outcome.RetriedCall;

/**
 * What each outcome means, as a table: the HTTP answers are the ones docs/api.md gives (and the HTTP tests answer),
 * the retries are those of the functions and the state machines. A change here is a change of the interface.
 */
class OutcomeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # outcome            | exception                    | thrown by               | retried inside by | state machines retry around | HTTP status and problem
            INVALID_TASK_ID        | InvalidTaskIdException       | STATUS KEEPING CALLBACK | -           | -              | 400 invalid-task-id
            INVALID_REQUEST        | InvalidRequestException      | STATUS KEEPING CALLBACK | -           | -              | 400 invalid-request
            TASK_NOT_FOUND         | TaskNotFoundException        | STATUS KEEPING CALLBACK | -           | STATUS         | 404 task-not-found
            UPSTREAM_AUTH          | UpstreamAuthException        | STATUS KEEPING CALLBACK | -           | -              | 502 upstream-auth
            API_KEY_NOT_CONFIGURED | UpstreamAuthException        | STATUS KEEPING CALLBACK | -           | -              | 500 api-key-not-configured
            API_KEY_UNAVAILABLE    | ApiKeyUnavailableException   | STATUS KEEPING CALLBACK | -           | STATUS KEEPING | 503 api-key-unavailable
            UPSTREAM_THROTTLED     | UpstreamThrottledException   | STATUS KEEPING CALLBACK | VEO_API     | STATUS KEEPING | 503 upstream-throttled
            UPSTREAM_UNAVAILABLE   | UpstreamUnavailableException | STATUS KEEPING CALLBACK | VEO_API     | STATUS KEEPING | 503 upstream-unavailable
            UPSTREAM_TIMEOUT       | UpstreamUnavailableException | STATUS KEEPING CALLBACK | VEO_API     | STATUS KEEPING | 504 upstream-timeout
            SOURCE_GONE            | SourceGoneException          | KEEPING                 | -           | -              | -
            SOURCE_REFUSED         | SourceRefusedException       | KEEPING                 | -           | -              | -
            BUCKET_REFUSED         | BucketRefusedException       | KEEPING                 | -           | -              | -
            VIDEO_TOO_LARGE        | VideoTooLargeException       | KEEPING                 | -           | -              | -
            KEEP_UNAVAILABLE       | KeepUnavailableException     | KEEPING                 | VIDEO_COPY  | KEEPING        | -
            CALLBACK_UNAVAILABLE   | CallbackUnavailableException | CALLBACK                | -           | -              | -
            """)
    void eachOutcomeMeansWhatTheTableSays(Outcome outcome, String exception, String thrownBy, String retriedBy,
            String stateMachinesRetry, String http) {
        assertEquals("io.veostatus.error." + exception, outcome.type().getName());
        assertEquals(exception, outcome.metricName(), "the metrics' Outcome dimension");
        assertEquals(functions(thrownBy), outcome.thrownBy());
        for (RetriedCall call : RetriedCall.values()) {
            assertEquals(call.name().equals(retriedBy), outcome.retriedBy(call), call.name());
        }
        assertEquals(retriedBy != null, outcome.retriedInsideTheFunction());
        for (LambdaFunction function : LambdaFunction.values()) {
            assertEquals(functions(stateMachinesRetry).contains(function), outcome.retriedByTheStateMachineAround(function),
                    "the state machines around " + function);
        }
        assertEquals(Optional.ofNullable(http), outcome.http().map(answer -> answer.status() + " " + answer.type()));
    }

    @Test
    void everyExceptionClassOfTheFunctionsIsAnOutcome() throws IOException, ClassNotFoundException {
        Set<Class<?>> exceptions = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("target/classes/io/veostatus/error"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                Class<?> type = Class.forName("io.veostatus.error." + file.getFileName().toString().replace(".class", ""));
                if (VeoStatusException.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                    exceptions.add(type);
                }
            }
        }
        assertEquals(exceptions, Stream.of(Outcome.values()).map(Outcome::type).collect(Collectors.toSet()));
    }

    /** Every constant is made somewhere: by its class's constructor, or by the factory that tells it apart. */
    @Test
    void eachExceptionCarriesAnOutcomeOfItsOwnClass() throws ReflectiveOperationException {
        Set<Outcome> made = EnumSet.noneOf(Outcome.class);
        for (Class<? extends VeoStatusException> type : Stream.of(Outcome.values()).map(Outcome::type).distinct().toList()) {
            Outcome outcome = type.getConstructor(String.class).newInstance("a sentence").outcome();
            assertEquals(type, outcome.type(), type.getSimpleName());
            made.add(outcome);
        }
        made.add(UpstreamAuthException.notConfigured("no key").outcome());
        made.add(UpstreamUnavailableException.tooSlow("too slow").outcome());
        assertEquals(EnumSet.allOf(Outcome.class), made);
    }

    @Test
    void anExceptionMadeWithTheOutcomeOfAnotherClassIsRefused() {
        final class Stray extends VeoStatusException {
            Stray() {
                super(Outcome.TASK_NOT_FOUND, "stray");
            }
        }
        assertThrows(IllegalArgumentException.class, Stray::new);
    }

    /** Step Functions and SmallRye tell outcomes apart by class only; only the HTTP answer may differ within one. */
    @Test
    void theOutcomesOfOneClassDifferInTheirHttpAnswerOnly() {
        Stream.of(Outcome.values()).collect(Collectors.groupingBy(Outcome::type)).forEach((type, outcomes) -> {
            Outcome first = outcomes.get(0);
            for (Outcome other : outcomes) {
                assertEquals(first.thrownBy(), other.thrownBy(), other.name());
                assertEquals(first.retriedInsideTheFunction(), other.retriedInsideTheFunction(), other.name());
                for (RetriedCall call : RetriedCall.values()) {
                    assertEquals(first.retriedBy(call), other.retriedBy(call), other + " " + call);
                }
                for (LambdaFunction function : LambdaFunction.values()) {
                    assertEquals(first.retriedByTheStateMachineAround(function), other.retriedByTheStateMachineAround(function),
                            other + " " + function);
                }
            }
        });
    }

    /** The keeping function has no HTTP edge; every outcome of veo-status, which has one, has its own answer. */
    @Test
    void anOutcomeHasAnHttpAnswerExactlyWhenVeoStatusMayEndInIt() {
        for (Outcome outcome : Outcome.values()) {
            assertEquals(outcome.thrownBy().contains(LambdaFunction.STATUS), outcome.http().isPresent(), outcome.name());
        }
    }

    @Test
    void eachRetriedCallRetriesTheClassesOfItsOutcomes() {
        assertEquals(Set.of(UpstreamUnavailableException.class, UpstreamThrottledException.class),
                Set.copyOf(Outcome.retriedOn(RetriedCall.VEO_API)));
        assertEquals(List.of(KeepUnavailableException.class), Outcome.retriedOn(RetriedCall.VIDEO_COPY));
    }

    private static Set<LambdaFunction> functions(String names) {
        return names == null ? Set.of()
                : Arrays.stream(names.split(" ")).map(LambdaFunction::valueOf).collect(Collectors.toSet());
    }

    @Test
    void theOutcomesOfTheMomentAreThoseTheStateMachinesRetryAndTheCallbackFunctionsStoresFailingForNow() {
        assertEquals(Set.of(Outcome.TASK_NOT_FOUND, Outcome.API_KEY_UNAVAILABLE, Outcome.UPSTREAM_THROTTLED,
                Outcome.UPSTREAM_UNAVAILABLE, Outcome.UPSTREAM_TIMEOUT, Outcome.KEEP_UNAVAILABLE, Outcome.CALLBACK_UNAVAILABLE),
                Stream.of(Outcome.values()).filter(Outcome::ofTheMoment).collect(Collectors.toSet()));
    }
}

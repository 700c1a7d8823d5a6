package io.veostatus.veoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

import io.veostatus.error.TaskNotFoundException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamThrottledException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.LambdaInvocationTest;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.testing.AnotherHost;
import io.veostatus.testing.ForAll;
import io.veostatus.testing.VeoApiReplies.Reply;
import io.veostatus.testing.VeoApiReplies;

/**
 * Whatever record-info replies (any status from 100 to 599, any body, any content type, a redirect, a broken
 * connection), the real REST client and the gateway end in a TaskReport or one of the outcomes docs/api.md documents,
 * and the HTTP status decides before the body: only a 2xx reply is read. A redirect is never followed: the bearer key
 * must not travel to the host a Location names (RedirectsNotFollowedTest: not even with Quarkus's following turned on).
 */
@QuarkusTest
class RecordInfoRepliesTest extends LambdaInvocationTest {

    private static final Set<Class<? extends VeoStatusException>> DOCUMENTED = Set.of(TaskNotFoundException.class,
            UpstreamAuthException.class, UpstreamThrottledException.class, UpstreamUnavailableException.class);
    /** Room for one attempt (1 s in these tests) and no retry (RetryWithinDeadline): each case is one exchange. */
    private static final Duration ONE_ATTEMPT = Duration.ofMillis(1_600);
    private static final int MAX_BODY_BYTES = 65_536;
    private static final String TASK = "0123456789abcdef0123456789abcdef";

    /** Where a followed redirect would land with the key. */
    @RegisterExtension
    static final AnotherHost ELSEWHERE = new AnotherHost(example("success.json"));

    @Inject
    RecordInfoGateway gateway;

    @Test
    void everyReplyIsAReportOrADocumentedOutcomeAndOnlyA2xxIsRead() {
        List<String> answers = List.of(example("success.json").replace("veo_task_abcdef123456", TASK),
                example("generating.json").replace("3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7", TASK),
                example("failed.json").replace("9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6", TASK),
                example("not-found-422.json"), example("content-policy.json"));
        String target = ELSEWHERE.url(RECORD_INFO + "?taskId=" + TASK);
        ForAll.check("record-info: a report only from a 2xx reply, else a documented outcome", 20261130L, 250,
                random -> VeoApiReplies.reply(random, answers, target, MAX_BODY_BYTES), reply -> {
                    wiremock.resetMappings();
                    wiremock.resetRequests();
                    answer(TASK, reply.stub());
                    String verdict = outcome(reply, TASK);
                    assertEquals(1, callsFor(TASK), "one exchange");
                    return verdict;
                });
        assertEquals(0, ELSEWHERE.requests(), "a redirect was followed to another host");
    }

    private String outcome(Reply reply, String task) {
        CircuitBreakerMaintenance.get().resetAll();
        TaskReport report;
        try {
            report = gateway.fetch(new TaskId(task), Deadline.after(ONE_ATTEMPT), new UpstreamUsage());
        } catch (VeoStatusException outcome) {
            assertTrue(DOCUMENTED.contains(outcome.getClass()), "not a documented outcome: " + outcome);
            assertTrue(outcome.getMessage().endsWith("."), "one sentence: " + outcome.getMessage());
            if (reply.fault() != null) {
                assertEquals(UpstreamUnavailableException.class, outcome.getClass(), reply + ": " + outcome);
                assertFalse(outcome.getMessage().contains("replied HTTP"), "a broken connection is no reply: " + outcome);
            } else if (!reply.success()) {
                Class<?> expected = reply.status() == 401 || reply.status() == 403 ? UpstreamAuthException.class
                        : reply.status() == 429 ? UpstreamThrottledException.class : UpstreamUnavailableException.class;
                assertEquals(expected, outcome.getClass(), "HTTP " + reply.status() + " decides, not its body: " + outcome);
            }
            return reply.family() + ": " + outcome.getClass().getSimpleName();
        } catch (RuntimeException escaped) {
            return fail("escaped as " + escaped, escaped);
        }
        assertTrue(reply.success(), "a report from a reply that is not 2xx: " + report);
        assertTrue(reply.well(), "a report from a body that is not a record-info reply: " + report);
        return reply.family() + ": " + report.getClass().getSimpleName();
    }
}

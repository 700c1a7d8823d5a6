package io.veostatus.veoapi;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;

/**
 * Asks record-info about a task through the guarded call path ({@link VeoApiCall}), each reply classified at once by
 * {@link RecordInfoClassifier}: every outcome that is not a report is thrown, so the transient ones (unavailable,
 * throttled) are retried and count against record-info's circuit breaker.
 */
@ApplicationScoped
public class RecordInfoGateway {

    private final RecordInfoClassifier classifier;
    /** Its circuit breaker is record-info's alone: the 1080p endpoint does not open it. */
    private final VeoApiCall.Endpoint<TaskReport> recordInfo;

    public RecordInfoGateway(VeoApiCall call, RecordInfoClassifier classifier) {
        this.classifier = classifier;
        this.recordInfo = call.endpoint("record-info", TaskReport.class);
    }

    /**
     * Asks record-info about {@code taskId} within the invocation's {@code deadline}, counting what it
     * asked in {@code usage}.
     *
     * @throws VeoStatusException the outcome when the upstream gave no report on the task
     */
    public TaskReport fetch(TaskId taskId, Deadline deadline, UpstreamUsage usage) {
        return recordInfo.call(new Exchange(taskId), deadline, usage);
    }

    /** One record-info request: every ending but a report is an outcome, thrown. */
    private final class Exchange implements VeoApiCall.Exchange<TaskReport> {
        private final TaskId taskId;

        Exchange(TaskId taskId) {
            this.taskId = taskId;
        }

        @Override
        public String what() {
            return "record-info for task " + taskId;
        }

        @Override
        public InputStream send(VeoApiClient client, String authorization) {
            return client.recordInfo(taskId.value(), authorization);
        }

        @Override
        public TaskReport reply(InputStream body, KeyRedactor key) {
            // A 204 has no body at all, which is not a record-info reply either.
            return classifier.reply(taskId, body == null ? InputStream.nullInputStream() : body, key, Instant.now());
        }

        @Override
        public TaskReport httpStatus(int status) {
            throw classifier.httpStatus(taskId, status);
        }

        @Override
        public TaskReport unreachable(RuntimeException failure, KeyRedactor key) {
            throw classifier.transportFailure(taskId, failure, key);
        }

        @Override
        public TaskReport tooSlow(Duration attemptTime) {
            throw classifier.tooSlow(taskId, attemptTime);
        }

        @Override
        public TaskReport noTimeLeft() {
            throw UpstreamUnavailableException.tooSlow(
                    "This invocation has too little time left to ask the Veo API about task " + taskId + ".");
        }
    }
}

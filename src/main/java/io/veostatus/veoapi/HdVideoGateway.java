package io.veostatus.veoapi;

import java.io.InputStream;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;

/**
 * Asks the 1080p endpoint about one video through the guarded call path ({@link VeoApiCall}), each answer classified
 * at once by {@link HdVideoClassifier}: every ending is an answer ("not yet" for all but a usable URL) except a
 * refused key, so no check is retried within an invocation, and none opens the endpoint's circuit breaker.
 */
@ApplicationScoped
public class HdVideoGateway {

    private final VeoApiCall.Endpoint<HdAnswer> hdVideo;
    private final HdVideoClassifier classifier;

    public HdVideoGateway(VeoApiCall call, ObjectMapper json) {
        this.hdVideo = call.endpoint("get-1080p-video", HdAnswer.class);
        this.classifier = new HdVideoClassifier(json);
    }

    /** What the 1080p endpoint says about video {@code index} of {@code taskId}, within the invocation's {@code deadline}. */
    public HdAnswer check(TaskId taskId, int index, Deadline deadline, UpstreamUsage usage) {
        return hdVideo.call(new Exchange(taskId, index), deadline, usage);
    }

    /** One request for the 1080p version of a video. */
    private final class Exchange implements VeoApiCall.Exchange<HdAnswer> {
        private final TaskId taskId;
        private final int index;

        Exchange(TaskId taskId, int index) {
            this.taskId = taskId;
            this.index = index;
        }

        @Override
        public String what() {
            return "the 1080p version of video " + index + " of task " + taskId;
        }

        @Override
        public InputStream send(VeoApiClient client, String authorization) {
            return client.hdVideo(taskId.value(), index, authorization);
        }

        @Override
        public HdAnswer reply(InputStream body, KeyRedactor key) {
            return classifier.reply(taskId, body, key);
        }

        @Override
        public HdAnswer httpStatus(int status) {
            return classifier.httpStatus(status);
        }

        @Override
        public HdAnswer unreachable(RuntimeException failure, KeyRedactor key) {
            return classifier.unreachable(failure);
        }

        @Override
        public HdAnswer tooSlow(Duration attemptTime) {
            return classifier.tooSlow(attemptTime);
        }

        @Override
        public HdAnswer noTimeLeft() {
            return classifier.noTimeLeft();
        }
    }
}

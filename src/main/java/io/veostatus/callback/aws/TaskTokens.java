package io.veostatus.callback.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import io.veostatus.config.CallbackConfig;
import io.veostatus.error.CallbackUnavailableException;
import io.veostatus.kernel.Deadline;

/** Resumes waiting executions through Step Functions' {@code SendTaskSuccess}. */
@ApplicationScoped
public class TaskTokens {

    /** What became of a token. */
    public enum Completion {
        /** The execution was resumed with the output. */
        RESUMED,
        /**
         * The token was done already: completed before (a duplicate callback), timed out (the execution went on to the
         * polling loop), or its execution ended. Nothing is wrong; the waiter is forgotten.
         */
        ALREADY_DONE
    }

    private final LazyClient<SfnClient> client;

    public TaskTokens(CallbackConfig config) {
        this.client = new LazyClient<>(() -> AwsCalls.configure(SfnClient.builder(), config, config.statesEndpoint()).build());
    }

    private SfnClient sfn() {
        return client.get();
    }

    @PreDestroy
    public void close() {
        client.close();
    }

    /** Resumes the execution waiting with {@code taskToken}; its task's result is {@code output} (JSON). */
    public Completion succeed(String taskToken, String output, Deadline deadline) {
        try {
            sfn().sendTaskSuccess(send -> send.taskToken(taskToken).output(output)
                    .overrideConfiguration(AwsCalls.within(deadline, "resume a waiting execution")));
            return Completion.RESUMED;
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException done) {
            return Completion.ALREADY_DONE;
        } catch (SfnException refused) {
            String code = refused.awsErrorDetails() != null ? refused.awsErrorDetails().errorCode() : null;
            throw new CallbackUnavailableException("Step Functions refused to resume a waiting execution (HTTP "
                    + refused.statusCode() + (code != null ? ", " + code : "") + ").");
        } catch (SdkException failed) {
            throw new CallbackUnavailableException("Step Functions could not be asked to resume a waiting execution ("
                    + failed.getClass().getSimpleName() + ").");
        }
    }
}

package io.veostatus.callback;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.callback.aws.WaiterTable;
import io.veostatus.config.CallbackConfig;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.taskstatus.TaskStatusNormalizer;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.Invocation;
import io.veostatus.veoapi.RecordInfoGateway;

/**
 * Registers an execution that waits for its task: its token is stored first, then record-info is asked once, and a
 * task that has already ended resumes every waiting execution at once. In that order, a callback that came before the
 * registration (and found nobody waiting) is never lost. A registration that could not be stored, or whose ended
 * task could not be resumed, fails, and the await machine polls at once; one whose record-info call failed for the
 * moment (an outcome the polling loop would retry) waits.
 */
@ApplicationScoped
class Registrar {

    /** A registration outlives the wait by this, so that it is there for as long as the execution may be resumed. */
    static final Duration KEPT_AFTER_THE_WAIT = Duration.ofHours(1);

    private final WaiterTable table;
    private final RecordInfoGateway recordInfo;
    private final WaiterRelease release;
    private final Duration await;

    Registrar(WaiterTable table, RecordInfoGateway recordInfo, WaiterRelease release, CallbackConfig config) {
        this.table = table;
        this.recordInfo = recordInfo;
        this.release = release;
        this.await = config.await();
    }

    RegistrationAnswer register(CallbackEvent.Registration registration, Deadline deadline, Invocation invocation) {
        invocation.countAs(EmfMetrics.REGISTRATIONS);
        invocation.taskId(registration.taskId());
        invocation.count(EmfMetrics.TOKENS_COMPLETED, 0);
        table.add(registration.taskId(), registration.taskToken(), Instant.now().plus(await).plus(KEPT_AFTER_THE_WAIT),
                deadline);
        TaskStatus status;
        try {
            status = TaskStatusNormalizer.normalize(recordInfo.fetch(registration.taskId(), deadline, invocation.upstream()));
        } catch (VeoStatusException notKnownNow) {
            // The token is stored: the callback, or the end of the wait, settles an outcome of the moment (a task
            // created a moment ago unknown to record-info, the API down). Any other (the key refused) fails the
            // registration, so that the polling loop reports it at once.
            if (!notKnownNow.outcome().ofTheMoment()) {
                throw notKnownNow;
            }
            invocation.outcome("WAITING", notKnownNow.getMessage());
            return new RegistrationAnswer(registration.taskId().value(), null, true);
        }
        if (status.done()) {
            release.release(registration.taskId(), status, table.waiting(registration.taskId(), Instant.now(), deadline),
                    deadline, invocation);
        }
        invocation.outcome(status.done() ? "ENDED" : "WAITING", null);
        return new RegistrationAnswer(registration.taskId().value(), status.status(), !status.done());
    }
}

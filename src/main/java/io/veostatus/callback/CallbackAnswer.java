package io.veostatus.callback;

/**
 * How the callback function answers a vendor's callback, in one place: its HTTP status (2xx when handled, 503 only
 * when the vendor sending it again would help), whether the answer says when to send it again, and the sentence it
 * carries. The constant's name is the invocation's outcome, as the {@code Callbacks} metric's {@code Outcome} names it.
 */
enum CallbackAnswer {

    ACCEPTED(200, false, "The task has ended; every execution waiting on it was resumed."),
    WITHOUT_WAITER(200, false, "No execution is waiting on this task; nothing was changed."),
    /** The vendor calls back when a task ends: record-info may lag behind, so the vendor is asked to send it again. */
    NOT_ENDED(503, true, "record-info says the task has not ended; nothing was changed. Send the callback again shortly."),
    /** A failure no retry mends (the API key refused): the polling loop will report it. */
    NOT_HANDLED(200, false, "The task's status could not be used; the waiting executions will find it by polling."),
    RECENTLY_POLLED(503, true, "This task was looked up moments ago; send the callback again shortly."),
    UNAVAILABLE(503, true, "A service this function needs is unavailable for now; send the callback again shortly."),
    UNREADABLE(400, false, "The callback's body does not name one valid task id."),
    /** Said alike whatever check failed, so that a caller learns nothing from it. */
    REJECTED(401, false, "The callback does not prove that it comes from the Veo API.");

    private final int status;
    private final boolean retryAfter;
    private final String message;

    CallbackAnswer(int status, boolean retryAfter, String message) {
        this.status = status;
        this.retryAfter = retryAfter;
        this.message = message;
    }

    int status() {
        return status;
    }

    boolean retryAfter() {
        return retryAfter;
    }

    String message() {
        return message;
    }
}

package io.veostatus.error;

/**
 * The callback function could not reach its table of waiting executions or Step Functions for now (unavailable,
 * throttled, too slow). A registration that ends in it sends the execution to the polling loop at once; a vendor's
 * callback that ends in it is answered 503, so that the vendor sends it again.
 */
public final class CallbackUnavailableException extends VeoStatusException {

    public CallbackUnavailableException(String message) {
        super(Outcome.CALLBACK_UNAVAILABLE, message);
    }
}

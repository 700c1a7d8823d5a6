package io.veostatus.error;

/** The bucket refused the write or the check before it (no such bucket, access denied, a key or encryption policy): a fault of the deployment, not retried. */
public final class BucketRefusedException extends VeoStatusException {

    public BucketRefusedException(String message) {
        super(Outcome.BUCKET_REFUSED, message);
    }
}

package io.veostatus.telemetry;

/**
 * What one invocation asked of the Veo API: the attempts made, the time they took, and whether the
 * circuit breaker was open. Filled in by the gateway, read by the invocation's summary line and metrics;
 * one per invocation, used on its thread only.
 */
public final class UpstreamUsage {

    private int attempts;
    private long nanos;
    private boolean circuitOpen;

    public void recordAttempt(long tookNanos) {
        attempts++;
        nanos += tookNanos;
    }

    public void recordCircuitOpen() {
        circuitOpen = true;
    }

    public int attempts() {
        return attempts;
    }

    public long millis() {
        return nanos / 1_000_000;
    }

    public boolean wasCircuitOpen() {
        return circuitOpen;
    }
}

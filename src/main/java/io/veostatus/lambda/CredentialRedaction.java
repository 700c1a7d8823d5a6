package io.veostatus.lambda;

import jakarta.inject.Singleton;

import io.veostatus.telemetry.ConsoleRedaction;

/** The console's credential filter for the summary line, which is written past the console. */
@Singleton
public class CredentialRedaction implements ConsoleRedaction {

    private final CredentialFilter filter = CredentialFilter.ofThisFunction();

    @Override
    public String apply(String text) {
        return filter.cleaned(text);
    }
}

package io.veostatus.statemachine;

import java.util.Map;

/**
 * What template.yaml substitutes for the state machines' keeping placeholders (SamTemplateTest holds the two
 * together), so that the interpreter runs each machine as a stack deploys it.
 */
public final class KeepingSubstitutions {

    /** KeepBucket set: every succeeded task goes on to the keeping function. */
    public static final Map<String, String> ON = Map.of("KeepVideosOfTasks", "*", "KeepVideoFunctionArn", "keep");
    /** KeepBucket empty: a pattern no task id matches, and no keeping function. */
    public static final Map<String, String> OFF = Map.of("KeepVideosOfTasks", "keeping is off",
            "KeepVideoFunctionArn", "keeping is off");

    private KeepingSubstitutions() {
    }
}

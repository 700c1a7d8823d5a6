package io.veostatus.packaged;

import java.nio.file.Path;

/**
 * The native target/function.zip (`./mvnw verify -Dnative`, GraalVM or Mandrel needed), its {@code bootstrap}
 * started as Lambda's provided.al2023 runtime starts it, through every case of {@link PackagedFunctionCases}.
 * It runs in the native profile only (the JVM build excludes it).
 */
class NativeFunctionIT extends PackagedFunctionCases {

    private final FunctionLauncher launcher = FunctionLauncher.nativeBootstrap(Path.of("target", "function.zip"));

    @Override
    protected FunctionLauncher launcher() {
        return launcher;
    }
}

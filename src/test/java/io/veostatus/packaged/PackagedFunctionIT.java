package io.veostatus.packaged;

import java.nio.file.Path;

/**
 * The JVM target/function.zip (`./mvnw verify`), unpacked as Lambda's managed Java runtime unpacks it and run
 * by AWS's runtime interface client, through every case of {@link PackagedFunctionCases}.
 */
class PackagedFunctionIT extends PackagedFunctionCases {

    private final FunctionLauncher launcher = FunctionLauncher.jvm(Path.of("target", "function.zip"));

    @Override
    protected FunctionLauncher launcher() {
        return launcher;
    }
}

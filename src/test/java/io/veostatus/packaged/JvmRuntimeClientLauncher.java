package io.veostatus.packaged;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JVM function.zip as Lambda's managed Java runtime runs it: {@code /var/task} and
 * {@code /var/task/lib/*} on the class path, AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, from this test's class path) as the
 * main class, the handler as its argument, and the runtime's documented JVM default of stopping tiered
 * compilation at level 1, with the settings template.yaml deploys with {@code Packaging: jvm}.
 */
final class JvmRuntimeClientLauncher extends FunctionLauncher {

    JvmRuntimeClientLauncher(Path zip) {
        super(zip, "jvm");
    }

    @Override
    public String artifact() {
        return "JVM function.zip, AWS runtime interface client";
    }

    @Override
    protected void checkPackage(Path taskRoot) throws IOException {
        try (Stream<Path> libraries = Files.list(taskRoot.resolve("lib"))) {
            if (Files.exists(taskRoot.resolve("bootstrap"))
                    || libraries.noneMatch(jar -> jar.getFileName().toString().contains("amazon-lambda"))) {
                throw new IllegalStateException("function.zip is not the JVM package: build it without -Dnative");
            }
        } catch (java.nio.file.NoSuchFileException noLib) {
            throw new IllegalStateException("function.zip is not the JVM package (no lib/): build it without -Dnative");
        }
    }

    @Override
    protected List<String> command(Path taskRoot) {
        List<String> classpath = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib") + File.separator + "*"));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(jar -> jar.contains("aws-lambda-java-runtime-interface-client")
                        || jar.contains("aws-lambda-java-serialization") || jar.contains("utils-lite"))
                .forEach(classpath::add);
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classpath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", templateHandler());
    }

    @Override
    protected Map<String, String> runtimeEnvironment(Path taskRoot) {
        return Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java21",
                "JAVA_HOME", System.getProperty("java.home"));
    }
}

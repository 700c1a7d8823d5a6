package io.veostatus.packaged;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The JVM function.zip as Lambda's managed Java runtime runs it: {@code /var/task} and
 * {@code /var/task/lib/*} on the class path, AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, from this test's class path) as the
 * main class, the handler as its argument, and the runtime's documented JVM default of stopping tiered
 * compilation at level 1, with the settings template.yaml deploys with {@code Packaging: jvm}.
 */
final class JvmRuntimeClientLauncher extends FunctionLauncher {

    /**
     * A class of each jar the managed runtime puts beside the function: the runtime interface client, its
     * serialization, and the SDK utilities it uses. Found through this class loader, so that the launcher works
     * under Maven's exec:java (the startup benchmark) as under failsafe, whose class paths differ.
     */
    private static final List<String> RUNTIME_CLIENT_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.serialization.util.ReflectUtil",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    JvmRuntimeClientLauncher(Path zip, String function, Map<String, String> parameters) {
        super(zip, "jvm", function, parameters);
    }

    @Override
    public boolean isNative() {
        return false;
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

    /** In the task folder's classes or in a jar of lib/, where the runtime's class path finds it. */
    @Override
    protected boolean holdsIn(Path taskRoot, String className) throws IOException {
        String entry = className.replace('.', '/') + ".class";
        if (Files.exists(taskRoot.resolve(entry))) {
            return true;
        }
        try (Stream<Path> libraries = Files.list(taskRoot.resolve("lib"))) {
            for (Path jar : libraries.filter(file -> file.toString().endsWith(".jar")).toList()) {
                try (JarFile classes = new JarFile(jar.toFile())) {
                    if (classes.getEntry(entry) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    protected List<String> command(Path taskRoot) {
        List<String> classpath = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib") + File.separator + "*"));
        RUNTIME_CLIENT_CLASSES.forEach(name -> classpath.add(jarOf(name)));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classpath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", templateHandler());
    }

    private static String jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, JvmRuntimeClientLauncher.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(className + " is not on the test class path (aws-lambda-java-runtime-interface-client)", e);
        }
    }

    @Override
    protected Map<String, String> runtimeEnvironment(Path taskRoot) {
        return Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java21",
                "JAVA_HOME", System.getProperty("java.home"));
    }
}

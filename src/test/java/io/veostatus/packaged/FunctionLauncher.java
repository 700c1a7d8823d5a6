package io.veostatus.packaged;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.deploy.CloudFormationYaml;
import io.veostatus.deploy.DeployTemplate;
import io.veostatus.deploy.TemplateVariant;

/**
 * Starts a function's package (target/function.zip, or the package another function is deployed from) the way Lambda
 * starts it, against a Runtime API server of the caller's: the package unpacked into a task folder with the file modes
 * it was zipped with, the process started in that folder with nothing of this machine's environment, only what Lambda
 * sets (its defined runtime variables, test credentials, the function's settings from template.yaml) and the settings
 * a test adds. What differs
 * between the JVM package and the native one is only how the process is started ({@link #command}) and what
 * its runtime adds to the environment ({@link #runtimeEnvironment}).
 */
public abstract class FunctionLauncher {

    /** The status function's resource in template.yaml. */
    static final String STATUS_FUNCTION = "VeoStatusFunction";

    private final Path zip;
    private final JsonNode function;
    private final String resource;
    private Path taskRoot;

    /**
     * @param packaging the template's {@code Packaging} value this artifact is deployed with
     * @param function the function's resource in template.yaml
     * @param parameters other template parameters the resource needs (its condition's)
     */
    protected FunctionLauncher(Path zip, String packaging, String function, Map<String, String> parameters) {
        this.zip = zip;
        this.resource = function;
        Map<String, String> given = new LinkedHashMap<>(parameters);
        given.put("Packaging", packaging);
        try {
            this.function = TemplateVariant.of(CloudFormationYaml.read(Path.of("template.yaml")), given)
                    .resolved().at("/Resources/" + function + "/Properties");
        } catch (IOException e) {
            throw new IllegalStateException("template.yaml cannot be read", e);
        }
    }

    /** The JVM package run by AWS's runtime interface client, as Lambda's managed Java runtime runs it. */
    public static FunctionLauncher jvm(Path zip) {
        return new JvmRuntimeClientLauncher(zip, STATUS_FUNCTION, Map.of());
    }

    /** The native executable as {@code bootstrap}, started as Lambda's provided.al2023 runtime starts it. */
    public static FunctionLauncher nativeBootstrap(Path zip) {
        return new ProvidedRuntimeLauncher(zip, STATUS_FUNCTION, Map.of());
    }

    /**
     * Another function of the template, from its own package: the one its {@code CodeUri} names in the template the
     * build wrote for {@code sam deploy}, started as whichever artifact the zip holds (a {@code bootstrap} is the
     * native executable).
     */
    static FunctionLauncher forFunction(String function, Map<String, String> parameters) throws IOException {
        Path zip = DeployTemplate.read().codeUri(function);
        try (FileSystem packaged = FileSystems.newFileSystem(URI.create("jar:" + zip.toAbsolutePath().toUri()), Map.of())) {
            return Files.exists(packaged.getPath("/bootstrap")) ? new ProvidedRuntimeLauncher(zip, function, parameters)
                    : new JvmRuntimeClientLauncher(zip, function, parameters);
        }
    }

    /** Whether this launcher starts the native executable. */
    public abstract boolean isNative();

    /** What is started, in a few words for messages and tables. */
    public abstract String artifact();

    /** Fails with a sentence when the unpacked package is not the kind this launcher starts. */
    protected abstract void checkPackage(Path taskRoot) throws IOException;

    /** The command line that starts the function in {@code taskRoot}. */
    protected abstract List<String> command(Path taskRoot);

    /** What the runtime itself adds to the environment. */
    protected abstract Map<String, String> runtimeEnvironment(Path taskRoot);

    /** Whether the unpacked package holds the class named {@code className} ({@code a.b.C}). */
    protected abstract boolean holdsIn(Path taskRoot, String className) throws IOException;

    /**
     * Whether the package holds the class named {@code className}: what each function carries, and so what its
     * start and its size pay for.
     */
    public boolean holds(String className) throws IOException {
        return holdsIn(taskRoot(), className);
    }

    /**
     * The function's environment variables from template.yaml, as deployed with this packaging, that are
     * literal values (not references).
     */
    protected Map<String, String> templateEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        function.at("/Environment/Variables").properties().forEach(variable -> {
            if (variable.getValue().isValueNode()) {
                variables.put(variable.getKey(), variable.getValue().asText());
            }
        });
        return variables;
    }

    /** The handler setting of template.yaml for this packaging, which Lambda passes as {@code _HANDLER}. */
    protected String templateHandler() {
        return function.path("Handler").asText("not.used.in.provided.runtime");
    }

    /** The function's timeout in template.yaml: each invocation's deadline. */
    public Duration timeout() {
        return Duration.ofSeconds(function.path("Timeout").asLong(20));
    }

    /**
     * Starts the function with {@code settings} added to Lambda's environment (they win over the
     * template's), its output going to {@code output}.
     */
    public PackagedFunction start(Map<String, String> settings, Path output) throws Exception {
        Path root = taskRoot();
        RuntimeApiServer runtimeApi = new RuntimeApiServer(timeout());
        ProcessBuilder builder = new ProcessBuilder(command(root)).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(lambdaEnvironment(root, runtimeApi));
        environment.putAll(runtimeEnvironment(root));
        environment.putAll(settings);
        return PackagedFunction.start(builder, runtimeApi, output);
    }

    /** Lambda's defined runtime environment variables, with test credentials. */
    private Map<String, String> lambdaEnvironment(Path root, RuntimeApiServer runtimeApi) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        environment.put("_HANDLER", templateHandler());
        environment.put("LAMBDA_TASK_ROOT", root.toString());
        environment.put("LAMBDA_RUNTIME_DIR", root.resolveSibling("runtime").toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "veo-status");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", function.path("MemorySize").asText("256"));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/veo-status");
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]00000000000000000000000000000000");
        environment.put("AWS_ACCESS_KEY_ID", "ASIATESTONLYNOTAKEY00");
        environment.put("AWS_SECRET_ACCESS_KEY", "test-only-not-a-secret");
        environment.put("AWS_SESSION_TOKEN", "test-only-session-token");
        // As the template's LoggingConfig has Lambda set them (LogFormat JSON, ApplicationLogLevel's default).
        environment.put("AWS_LAMBDA_LOG_FORMAT", function.at("/LoggingConfig/LogFormat").asText("JSON"));
        environment.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        environment.put("TZ", ":UTC");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        environment.put("LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + root + ":" + root + "/lib:/opt/lib");
        environment.putAll(templateEnvironment());
        return environment;
    }

    /** The package unpacked once, with the file modes it was zipped with, as Lambda unpacks it. */
    private synchronized Path taskRoot() throws IOException {
        if (taskRoot == null) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(zip + " does not exist: package the function first");
            }
            // Under target/, so that a clean removes it; var/task and var/runtime as on Lambda.
            Path lambdaRoot = Path.of("target", "lambda", resource + "-" + getClass().getSimpleName()).toAbsolutePath();
            deleteRecursively(lambdaRoot);
            Path root = lambdaRoot.resolve("var/task");
            Files.createDirectories(lambdaRoot.resolve("var/runtime"));
            try (FileSystem packaged = FileSystems.newFileSystem(URI.create("jar:" + zip.toAbsolutePath().toUri()),
                    Map.of("enablePosixFileAttributes", "true")); Stream<Path> entries = Files.walk(packaged.getPath("/"))) {
                for (Path entry : entries.sorted(Comparator.naturalOrder()).toList()) {
                    Path target = root.resolve(packaged.getPath("/").relativize(entry).toString());
                    if (Files.isDirectory(entry)) {
                        Files.createDirectories(target);
                    } else {
                        copyInLargePieces(entry, target);
                        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
                        Files.setPosixFilePermissions(target, mode);
                    }
                }
            }
            checkPackage(root);
            taskRoot = root;
        }
        return taskRoot;
    }

    /**
     * Lambda's runtime maps the package from its storage, which the kernel reads ahead into large pages; a file written
     * in the 8 KB pieces of {@code Files.copy} is held in small ones, and every start of the native executable then
     * took about 5 ms longer faulting its image in (docs/benchmarks.md). Written 1 MB at a time, it starts as
     * a package read from storage does.
     */
    private static void copyInLargePieces(Path entry, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(entry);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            in.transferTo(out);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

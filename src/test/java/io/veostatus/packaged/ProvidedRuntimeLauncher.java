package io.veostatus.packaged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The native function.zip as Lambda's OS-only runtime (provided.al2023) runs it: the executable file
 * {@code bootstrap} at the package's root, started with no arguments in the task folder. Lambda requires it to
 * be executable as packaged, so the file mode in the zip is checked, not repaired.
 */
final class ProvidedRuntimeLauncher extends FunctionLauncher {

    ProvidedRuntimeLauncher(Path zip, String function, Map<String, String> parameters) {
        super(zip, "native", function, parameters);
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public String artifact() {
        return "native bootstrap, provided.al2023";
    }

    @Override
    protected void checkPackage(Path taskRoot) {
        Path bootstrap = taskRoot.resolve("bootstrap");
        if (!Files.isRegularFile(bootstrap)) {
            throw new IllegalStateException("function.zip has no bootstrap: it is not the native package (build with -Dnative)");
        }
        if (!Files.isExecutable(bootstrap)) {
            throw new IllegalStateException("bootstrap in function.zip is not executable, so Lambda could not start it");
        }
    }

    @Override
    protected List<String> command(Path taskRoot) {
        return List.of(taskRoot.resolve("bootstrap").toString());
    }

    /** The image keeps the name of every class it includes, as a Latin-1 string among its constants. */
    @Override
    protected boolean holdsIn(Path taskRoot, String className) throws IOException {
        String image = new String(Files.readAllBytes(taskRoot.resolve("bootstrap")), StandardCharsets.ISO_8859_1);
        return image.contains(className);
    }

    @Override
    protected Map<String, String> runtimeEnvironment(Path taskRoot) {
        // An OS-only runtime adds nothing: no AWS_EXECUTION_ENV, no language runtime.
        return Map.of();
    }
}

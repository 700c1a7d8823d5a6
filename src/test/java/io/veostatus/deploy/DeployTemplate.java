package io.veostatus.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The template {@code ./mvnw package} writes for {@code sam deploy}: template.yaml for the one packaging just built, its
 * {@code CodeUri}s naming that build's packages. It is {@code .aws-sam/build/template.yaml}, the template
 * {@code sam deploy} deploys when no {@code --template-file} is given (as after {@code sam build}), and SAM resolves
 * each {@code CodeUri} against the template's own folder.
 */
public final class DeployTemplate {

    /** Where the build writes it, from the project's folder. */
    public static final Path FILE = Path.of(".aws-sam", "build", "template.yaml");

    private final JsonNode template;

    private DeployTemplate(JsonNode template) {
        this.template = template;
    }

    /** The template the last build wrote; fails with a sentence when no build wrote one. */
    public static DeployTemplate read() throws IOException {
        if (!Files.isRegularFile(FILE)) {
            throw new IllegalStateException(FILE + " does not exist: package the functions first (./mvnw package)");
        }
        return new DeployTemplate(CloudFormationYaml.read(FILE));
    }

    public JsonNode json() {
        return template;
    }

    /** The package {@code sam deploy} uploads for {@code function}, as a path from the project's folder. */
    public Path codeUri(String function) {
        JsonNode uri = template.at("/Resources/" + function + "/Properties/CodeUri");
        if (!uri.isTextual()) {
            throw new IllegalStateException(FILE + " gives " + function + " no CodeUri of a local file");
        }
        return FILE.getParent().resolve(uri.asText()).normalize();
    }

    /** The package of every function of the template, by the function's resource name. */
    public Map<String, Path> codeUris() {
        Map<String, Path> packages = new TreeMap<>();
        template.path("Resources").properties().forEach(resource -> {
            if (resource.getValue().at("/Properties/CodeUri").isTextual()) {
                packages.put(resource.getKey(), codeUri(resource.getKey()));
            }
        });
        return packages;
    }
}

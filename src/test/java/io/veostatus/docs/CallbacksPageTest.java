package io.veostatus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.deploy.CloudFormationYaml;

/**
 * docs/callbacks.md's commands name what the template has: each parameter its {@code --parameter-overrides} set, each
 * output it reads, and the URL secret it makes fits in the one path segment of the callback route.
 */
class CallbacksPageTest {

    private static final Path PAGE = Path.of("docs/callbacks.md");
    private static final Pattern OVERRIDE = Pattern.compile("--parameter-overrides ((?:\\w+=\\S+\\s*)+)");

    @Test
    void theCommandsNameTheTemplatesParametersAndOutputs() throws IOException {
        JsonNode template = CloudFormationYaml.read(Path.of("template.yaml"));
        String page = Pages.read(PAGE);
        Set<String> parameters = new TreeSet<>();
        Matcher overrides = OVERRIDE.matcher(page);
        while (overrides.find()) {
            for (String pair : overrides.group(1).strip().split("\\s+")) {
                parameters.add(pair.substring(0, pair.indexOf('=')));
            }
        }
        assertEquals(Set.of("CallbackHmacKeySecretArn"), parameters);
        parameters.forEach(name -> assertTrue(template.at("/Parameters").has(name), name + " is a parameter of template.yaml"));
        for (String output : Set.of("CallbackUrl", "AwaitStateMachineArn")) {
            assertTrue(page.contains("`" + output + "`"), PAGE + " names the output " + output);
            assertTrue(template.at("/Outputs").has(output), output + " is an output of template.yaml");
        }
        assertTrue(page.contains("--state-machine-arn \"$AwaitStateMachineArn\""), "the execution is started on the await machine");
        assertTrue(template.at("/Resources/VeoCallbackFunction/Properties/Events").toString().contains("/callback/{secret}"),
                "the URL secret is one path segment of the route");
        assertTrue(page.contains("openssl rand -hex 32"), "the URL secret made has only characters a path segment carries");
    }
}

package io.veostatus.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The template {@code sam deploy} deploys after {@code ./mvnw package} ({@link DeployTemplate}), against the packages the
 * same build wrote: it allows only the packaging built, and each of its {@code CodeUri}s names the package this build
 * wrote for that packaging. Deploying the other packaging then fails in {@code sam deploy}, before anything is created
 * and not in a function that cannot start: its {@code Packaging} value is refused, and a template that names the other
 * packaging's packages (template.yaml itself, or one kept from an earlier build) names files that do not exist. Runs
 * after the JVM build, and after the native one ({@code -Dnative}, where {@code veo.packaging} is native).
 */
class DeployTemplateIT {

    /** SAM's properties that name a local file or folder, which sam deploy uploads (aws-sam-cli's artifact exporter). */
    private static final List<String> LOCAL_FILE_PROPERTIES = List.of("CodeUri", "DefinitionUri", "ContentUri", "Location",
            "TemplateURL");

    private static String built;
    private static String other;
    private static JsonNode source;
    private static DeployTemplate deploy;

    @BeforeAll
    static void read() throws IOException {
        built = System.getProperty("veo.packaging", "");
        assertTrue(Set.of("jvm", "native").contains(built),
                "the build says which packaging it built (system property veo.packaging, set by the pom): '" + built + "'");
        other = built.equals("jvm") ? "native" : "jvm";
        source = CloudFormationYaml.read(SamTemplateTest.TEMPLATE);
        deploy = DeployTemplate.read();
    }

    /** A stack's parameters for {@code packaging}, as the README has them given (native with its layer). */
    private static Map<String, String> deployedAs(String packaging) {
        return packaging.equals("native") ? SamTemplateTest.NATIVE : SamTemplateTest.JVM;
    }

    @Test
    void itAllowsOnlyThePackagingBuiltAndCloudFormationRefusesTheOther() {
        JsonNode packaging = deploy.json().at("/Parameters/Packaging");
        assertEquals(built, packaging.path("Default").asText(), "what sam deploy --guided offers, and a first deployment takes");
        assertEquals(List.of(built), texts(packaging.path("AllowedValues")));
        assertEquals(Map.of(), TemplateVariant.of(deploy.json(), deployedAs(built)).refusals(), built + " is accepted");
        Map<String, String> refused = TemplateVariant.of(deploy.json(), deployedAs(other)).refusals();
        assertEquals(Set.of("Packaging"), refused.keySet(), "Packaging " + other + " after a " + built + " build: " + refused);
        // template.yaml, the source of both, allows either.
        assertEquals(Map.of(), TemplateVariant.of(source, deployedAs(other)).refusals());
    }

    @Test
    void everyCodeUriNamesThePackageThisBuildWroteForItsPackaging() throws IOException {
        Map<String, Path> packages = deploy.codeUris();
        assertEquals(functions(source), packages.keySet(), "every function's package is named");
        Path folder = Path.of("target", built);
        for (Map.Entry<String, Path> named : packages.entrySet()) {
            Path zip = named.getValue();
            String what = named.getKey() + "'s CodeUri " + zip;
            assertTrue(Files.isRegularFile(zip), what + " exists");
            assertTrue(zip.startsWith(folder), what + " is under " + folder + ", where only " + built + " packages are");
            // What Quarkus wrote in this build (target/function.zip, target/keep/function.zip,
            // target/callback/function.zip), byte for byte.
            Path written = Path.of("target").resolve(folder.relativize(zip));
            assertEquals(-1L, Files.mismatch(zip, written), what + " is the package this build wrote, " + written);
            // A native package is the executable as bootstrap, which only the OS-only runtime that native deploys runs.
            assertEquals(built.equals("native"), holdsBootstrap(zip), what + " holds a bootstrap");
        }
    }

    /**
     * The three functions' packages, each in its own place under target/&lt;packaging&gt;: the status function's, the keeping
     * function's (uploaded even when keeping is off) and the callback function's.
     */
    @Test
    void itNamesTheStatusKeepingAndCallbackPackages() {
        Path folder = Path.of("target", built);
        assertEquals(Map.of("VeoStatusFunction", folder.resolve("function.zip"),
                "KeepVideoFunction", folder.resolve(Path.of("keep", "function.zip")),
                "VeoCallbackFunction", folder.resolve(Path.of("callback", "function.zip"))), deploy.codeUris());
    }

    @Test
    void aTemplateNamingTheOtherPackagingsPackagesNamesFilesThatDoNotExist() {
        // sam deploy stops at such a template: "Parameter CodeUri of resource ... refers to a file or folder that does
        // not exist".
        Path folder = Path.of("target", built);
        for (Path zip : deploy.codeUris().values()) {
            Path others = Path.of("target", other).resolve(folder.relativize(zip));
            assertFalse(Files.exists(others), others + " is left from a " + other + " build");
        }
        for (String function : functions(source)) {
            Path named = Path.of(source.at("/Resources/" + function + "/Properties/CodeUri").asText());
            assertFalse(Files.exists(named), "template.yaml's CodeUri " + named + " exists, so template.yaml deploys as it is");
        }
    }

    /**
     * SAM reads every local file a template names (a function's package, a state machine's definition, ...) from the
     * template's own folder, and sam deploy stops at the first that is not there: each one must be where it looks.
     */
    @Test
    void everyLocalFileItNamesIsWhereSamLooksForIt() {
        Path folder = DeployTemplate.FILE.getParent();
        List<String> named = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        deploy.json().get("Resources").properties().forEach(resource -> {
            for (String property : LOCAL_FILE_PROPERTIES) {
                JsonNode value = resource.getValue().at("/Properties/" + property);
                if (value.isTextual() && !value.asText().startsWith("s3://")) {
                    named.add(resource.getKey() + "." + property);
                    Path file = folder.resolve(value.asText()).normalize();
                    if (!Files.isRegularFile(file)) {
                        missing.add(resource.getKey() + "." + property + " " + value.asText() + " (" + file + ")");
                    }
                }
            }
        });
        assertTrue(named.size() >= 4, "the packages and the state machines' definitions were read: " + named);
        assertEquals(List.of(), missing, "files " + DeployTemplate.FILE + " names that sam deploy would not find");
    }

    @Test
    void itIsTemplateYamlWithThePackagingAndThePackagesFilledIn() {
        ObjectNode expected = source.deepCopy();
        ObjectNode packaging = (ObjectNode) expected.at("/Parameters/Packaging");
        packaging.put("Default", built);
        packaging.set("AllowedValues", JsonNodeFactory.instance.arrayNode().add(built));
        for (String function : functions(source)) {
            ((ObjectNode) expected.at("/Resources/" + function + "/Properties"))
                    .set("CodeUri", deploy.json().at("/Resources/" + function + "/Properties/CodeUri"));
        }
        // The state machines' definitions: the same files, named from the folder the template to deploy is in.
        source.get("Resources").properties().forEach(resource -> {
            JsonNode definition = resource.getValue().at("/Properties/DefinitionUri");
            if (definition.isTextual()) {
                JsonNode deployed = deploy.json().at("/Resources/" + resource.getKey() + "/Properties/DefinitionUri");
                assertEquals(Path.of(definition.asText()).toAbsolutePath().normalize(),
                        DeployTemplate.FILE.getParent().resolve(deployed.asText()).toAbsolutePath().normalize(),
                        resource.getKey() + "'s DefinitionUri names the same file");
                ((ObjectNode) expected.at("/Resources/" + resource.getKey() + "/Properties")).set("DefinitionUri", deployed);
            }
        });
        List<String> differences = new ArrayList<>();
        differences(expected, deploy.json(), "", differences);
        assertEquals(List.of(), differences, "where " + DeployTemplate.FILE + " differs from template.yaml otherwise");
    }

    /** The JSON pointers at which {@code actual} differs from {@code expected}, the deepest that differ. */
    private static void differences(JsonNode expected, JsonNode actual, String at, List<String> found) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(expected.path(name), actual.path(name), at + "/" + name, found);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                differences(expected.get(i), actual.get(i), at + "/" + i, found);
            }
        } else {
            found.add(at + ": " + expected + " became " + actual);
        }
    }

    static Stream<Arguments> asDeployed() {
        // Read when the tests run, after read(): the packaging built.
        Map<String, String> keeping = new TreeMap<>(deployedAs(built));
        keeping.put("KeepBucket", "videos.example-team");
        Map<String, String> callbackSecrets = new TreeMap<>(deployedAs(built));
        callbackSecrets.putAll(SamTemplateTest.CALLBACK_SECRETS);
        return Stream.of(Arguments.of(built + ", keeping off", deployedAs(built)), Arguments.of(built + ", keeping on", keeping),
                Arguments.of(built + ", both callback secrets", callbackSecrets));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asDeployed")
    void asDeployedItIsValidAgainstTheSamSchema(String name, Map<String, String> parameters) throws IOException {
        assertEquals(Set.of(), SamTemplateTest.samSchema().validate(deploy.json()), DeployTemplate.FILE + " against the SAM schema");
        TemplateVariant variant = TemplateVariant.of(deploy.json(), parameters);
        assertEquals(Set.of(), SamTemplateTest.samSchema().validate(variant.resolved()), name + ", as deployed, against the SAM schema");
        assertTrue(variant.rules().values().stream().allMatch(accepted -> accepted), name + " passes the template's rules");
    }

    /** The template's functions that have a package of their own. */
    private static Set<String> functions(JsonNode template) {
        Set<String> functions = new TreeSet<>();
        template.path("Resources").properties().forEach(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.add(resource.getKey());
            }
        });
        return functions;
    }

    private static boolean holdsBootstrap(Path zip) throws IOException {
        try (FileSystem packaged = FileSystems.newFileSystem(URI.create("jar:" + zip.toAbsolutePath().toUri()), Map.of())) {
            return Files.isRegularFile(packaged.getPath("/bootstrap"));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}

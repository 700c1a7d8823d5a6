package io.veostatus;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages' rules, held on the compiled classes (every reference a class makes: imports, fully qualified names,
 * annotations, method calls), so that they cannot drift. Each function's code is in its own packages over the shared
 * ones; a function's packages never reach another's, and the shared packages reach no function's. What keeps the
 * keeping function's beans out of the status function's package (quarkus.arc.exclude-types) relies on the first.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.veostatus");

    @Test
    void eachLayerReachesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Status function").definedBy("io.veostatus.status..")
                .layer("Keeping function").definedBy("io.veostatus.keep..")
                .layer("Callback function").definedBy("io.veostatus.callback..")
                .layer("Task status").definedBy("io.veostatus.taskstatus..")
                .layer("Veo API").definedBy("io.veostatus.veoapi..")
                .layer("Lambda plumbing").definedBy("io.veostatus.lambda..")
                .layer("Telemetry").definedBy("io.veostatus.telemetry..")
                .layer("API key").definedBy("io.veostatus.apikey..")
                .layer("Kernel").definedBy("io.veostatus.kernel..", "io.veostatus.error..", "io.veostatus.config..")
                .whereLayer("Status function").mayNotBeAccessedByAnyLayer()
                .whereLayer("Keeping function").mayNotBeAccessedByAnyLayer()
                .whereLayer("Callback function").mayNotBeAccessedByAnyLayer()
                .whereLayer("Task status").mayOnlyBeAccessedByLayers("Status function", "Callback function")
                .whereLayer("Veo API")
                .mayOnlyBeAccessedByLayers("Task status", "Status function", "Keeping function", "Callback function")
                .whereLayer("Lambda plumbing")
                .mayOnlyBeAccessedByLayers("Veo API", "Status function", "Keeping function", "Callback function")
                .whereLayer("Telemetry")
                .mayOnlyBeAccessedByLayers("Lambda plumbing", "Veo API", "Status function", "Keeping function", "Callback function")
                .whereLayer("API key").mayOnlyBeAccessedByLayers("Telemetry", "Lambda plumbing", "Veo API", "Status function",
                        "Keeping function", "Callback function")
                .check(MAIN);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.veostatus.(**)").should().beFreeOfCycles().check(MAIN);
    }
}

package io.veostatus.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

/**
 * Every REST client registered with Quarkus ({@code @RegisterRestClient}) makes each start of the function read its
 * settings under seven names: the two the function used to register besides the Veo API's cost its native start about
 * 9 ms (README, "Startup benchmark"). The Veo API's client stays the only one; the secrets extension's is built by a
 * producer.
 */
class RegisteredRestClientsTest {

    @Test
    void theVeoApiClientIsTheOnlyRegisteredRestClient() throws IOException {
        assertEquals(List.of(VeoApiClient.class.getName()), registeredRestClients());
    }

    @Test
    void itKeepsTheKeyOfItsDocumentedSettings() {
        // QUARKUS_REST_CLIENT_RECORD_INFO_* in the README (timeouts, trust store) are read under this key.
        assertEquals("record-info", VeoApiClient.class.getAnnotation(RegisterRestClient.class).configKey());
    }

    private static List<String> registeredRestClients() throws IOException {
        Path classes = Path.of(VeoApiClient.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> name.startsWith("io.veostatus."))
                    .filter(RegisteredRestClientsTest::registered)
                    .sorted()
                    .toList();
        }
    }

    private static boolean registered(String className) {
        try {
            return Class.forName(className, false, RegisteredRestClientsTest.class.getClassLoader())
                    .isAnnotationPresent(RegisterRestClient.class);
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            // A class of the keeping function without the AWS SDK on this class path cannot be one.
            return false;
        }
    }
}

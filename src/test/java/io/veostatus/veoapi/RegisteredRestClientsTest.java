package io.veostatus.veoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

import io.veostatus.docs.Pages;

/**
 * Quarkus reads every registered REST client's settings ({@code @RegisterRestClient}) under seven names at each start of
 * the function, which each client makes measurably longer (docs/benchmarks.md, "Where the native start goes"). The Veo
 * API's client stays the only one, under the key the docs' settings name.
 */
class RegisteredRestClientsTest {

    private static final Pattern DOCUMENTED_SETTING = Pattern.compile("QUARKUS_REST_CLIENT_([A-Z0-9_]+?)_(CONNECT_TIMEOUT|READ_TIMEOUT|TRUST_STORE)\\b");

    @Test
    void theVeoApiClientIsTheOnlyRegisteredRestClient() throws Exception {
        assertEquals(List.of(VeoApiClient.class.getName()), registeredRestClients());
    }

    @Test
    void theDocumentedClientSettingsNameItsKey() {
        String key = VeoApiClient.class.getAnnotation(RegisterRestClient.class).configKey();
        // Every page: a client setting named anywhere must be under the one client's key.
        String pages = Pages.markdownFiles().stream().map(Pages::read).collect(Collectors.joining("\n"));
        Matcher settings = DOCUMENTED_SETTING.matcher(pages);
        Set<String> documentedKeys = settings.results().map(setting -> setting.group(1)).collect(Collectors.toSet());
        assertFalse(documentedKeys.isEmpty(), "the docs document the client's timeouts");
        // Environment variable names: upper case, '-' and '.' as '_'.
        assertEquals(Set.of(key.toUpperCase(Locale.ROOT).replace('-', '_')), documentedKeys);
    }

    private static List<String> registeredRestClients() throws Exception {
        Path classes = Path.of(VeoApiClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> names = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(name -> name.startsWith("io.veostatus."))
                    .toList();
            List<String> registered = new ArrayList<>();
            for (String name : names) {
                Class<?> type = Class.forName(name, false, RegisteredRestClientsTest.class.getClassLoader());
                if (type.isAnnotationPresent(RegisterRestClient.class)) {
                    registered.add(name);
                }
            }
            registered.sort(null);
            return registered;
        }
    }
}

package io.veostatus.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * Every setting the code reads: each method of the {@code @ConfigMapping} interfaces of this package, by the environment
 * variable that sets it ({@code veo.callback.await} is {@code VEO_CALLBACK_AWAIT}), with its default. What
 * docs/configuration.md documents (SettingsDocumentedTest) and what template.yaml may set (SamTemplateTest).
 */
public final class ConfigSettings {

    private static final Path SOURCES = Path.of("src/main/java/io/veostatus/config");

    /** One setting as the code reads it. */
    public record Setting(String property, String defaultValue, String declaredBy) {
        public String environmentVariable() {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private ConfigSettings() {
    }

    /** Every setting of the config package, by its environment variable. */
    public static Map<String, Setting> byEnvironmentVariable() {
        Map<String, Setting> settings = new TreeMap<>();
        try (Stream<Path> sources = Files.list(SOURCES)) {
            for (Path source : sources.sorted().toList()) {
                String name = "io.veostatus.config." + source.getFileName().toString().replace(".java", "");
                Class<?> type = Class.forName(name, false, ConfigSettings.class.getClassLoader());
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    walk(type, mapping.prefix(), settings);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a source of " + SOURCES + " has no class of its name", e);
        }
        return settings;
    }

    /** The settings of one interface under the prefix: each method a setting, or a group of them. */
    private static void walk(Class<?> type, String prefix, Map<String, Setting> settings) {
        for (Method method : type.getMethods()) {
            if (!Modifier.isAbstract(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String property = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name;
            Class<?> value = method.getReturnType();
            if (value.isInterface() && value.getName().startsWith("io.veostatus.")) {
                walk(value, property, settings);
                continue;
            }
            WithDefault given = method.getAnnotation(WithDefault.class);
            Setting setting = new Setting(property, given == null ? null : given.value(),
                    type.getSimpleName() + "." + method.getName() + "()");
            settings.put(setting.environmentVariable(), setting);
        }
    }

    /** A method's name as SmallRye Config's default naming gives it: maxBodyBytes is max-body-bytes. */
    static String kebab(String name) {
        StringBuilder kebab = new StringBuilder();
        name.chars().forEach(c -> {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append((char) Character.toLowerCase(c));
            } else {
                kebab.append((char) c);
            }
        });
        return kebab.toString();
    }
}

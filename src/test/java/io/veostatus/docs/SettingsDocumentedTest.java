package io.veostatus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.config.ConfigSettings;
import io.veostatus.config.ConfigSettings.Setting;
import io.veostatus.deploy.CloudFormationYaml;

/**
 * The settings pages say what the code and the template read: every setting of every {@code @ConfigMapping}
 * interface has its row in docs/configuration.md, under its environment variable and with its default, and no row
 * names a {@code VEO_} setting that nothing reads; every parameter of template.yaml is a row of docs/deploy.md's
 * table of the guided prompts, with its default, in the template's order (the order {@code sam deploy --guided}
 * asks in).
 */
class SettingsDocumentedTest {

    /** A table row whose first cell is one name in code marks; the cells after it, as written. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Za-z0-9_]+)`\\s*\\|(.*)\\|\\s*$");

    @Test
    void everySettingHasItsRowWithItsDefault() {
        Map<String, Setting> settings = ConfigSettings.byEnvironmentVariable();
        assertTrue(settings.size() >= 40, "the @ConfigMapping settings were found: " + settings.keySet());
        Map<String, List<String>> rows = rows(Pages.read(Pages.CONFIGURATION));

        List<String> problems = new ArrayList<>();
        settings.forEach((variable, setting) -> {
            List<String> cells = rows.get(variable);
            if (cells == null) {
                problems.add(variable + " (" + setting.property() + ", " + setting.declaredBy() + ") has no row");
            } else if (setting.defaultValue() != null
                    && !lastCell(cells).contains("`" + setting.defaultValue() + "`")) {
                problems.add(variable + "'s row does not give its default `" + setting.defaultValue()
                        + "` in its last cell: " + lastCell(cells).strip());
            }
        });
        rows.keySet().stream().filter(variable -> variable.startsWith("VEO_") && !settings.containsKey(variable))
                .forEach(variable -> problems.add(variable + " has a row, but no @ConfigMapping reads it"));
        assertEquals(List.of(), problems, Pages.CONFIGURATION + " and the settings the code reads disagree:\n"
                + String.join("\n", problems) + "\n");
    }

    @Test
    void everyTemplateParameterIsAPromptWithItsDefaultInTheTemplatesOrder() throws IOException {
        JsonNode parameters = CloudFormationYaml.read(Path.of("template.yaml")).get("Parameters");
        List<String> names = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(names::add);
        assertTrue(names.size() >= 10, "the template's parameters were read: " + names);

        Map<String, List<String>> rows = rows(Pages.section(Pages.DEPLOY, "The guided prompts"));
        List<String> documented = rows.keySet().stream().filter(parameters::has).toList();
        assertEquals(names, documented, "the parameters of template.yaml, in its order, against the rows of "
                + Pages.DEPLOY + "'s \"The guided prompts\"");

        List<String> problems = new ArrayList<>();
        for (String name : names) {
            String shown = rows.get(name).get(0).strip();
            JsonNode given = parameters.get(name).get("Default");
            String expected = given == null ? "none" : given.asText().isEmpty() ? "empty" : "`" + given.asText() + "`";
            if (!shown.equals(expected) && !(given == null && shown.startsWith("none"))) {
                problems.add(name + ": the template's default is " + expected + ", the page says " + shown);
            }
        }
        assertEquals(List.of(), problems, Pages.DEPLOY + " and template.yaml disagree on defaults:\n"
                + String.join("\n", problems) + "\n");
    }

    private static String lastCell(List<String> cells) {
        return cells.get(cells.size() - 1);
    }

    /** Each row's name and its other cells, in the order of the text. */
    private static Map<String, List<String>> rows(String text) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        text.lines().map(ROW::matcher).filter(Matcher::matches)
                .forEach(row -> rows.putIfAbsent(row.group(1), List.of(row.group(2).split("(?<!\\\\)\\|", -1))));
        return rows;
    }
}

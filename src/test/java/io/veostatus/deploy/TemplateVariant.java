package io.veostatus.deploy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The template as CloudFormation deploys it for one set of parameter values: each condition is
 * evaluated, each {@code Fn::If} replaced by the branch it picks, and each {@code Ref AWS::NoValue}
 * removed with the property that holds it. The checks that the packagings and options share then run on
 * what each of them really deploys, and a condition that is wrong shows up as a wrong property.
 */
public final class TemplateVariant {

    private final JsonNode template;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    private TemplateVariant(JsonNode template, Map<String, String> given) {
        this.template = template;
        template.path("Parameters").properties().forEach(parameter -> {
            JsonNode fallback = parameter.getValue().get("Default");
            if (fallback != null) {
                parameters.put(parameter.getKey(), fallback.asText());
            }
        });
        parameters.putAll(given);
        template.path("Conditions").properties().forEach(condition -> conditions.put(condition.getKey(), null));
    }

    /** The variant for {@code given} parameter values; every other parameter takes its default. */
    public static TemplateVariant of(JsonNode template, Map<String, String> given) {
        return new TemplateVariant(template, given);
    }

    /** The resolved template: no Fn::If, no condition, no AWS::NoValue left. */
    public JsonNode resolved() {
        return resolve(template.deepCopy());
    }

    /** Whether CloudFormation would accept the parameters: every rule whose condition holds asserts true. */
    Map<String, Boolean> rules() {
        Map<String, Boolean> outcomes = new LinkedHashMap<>();
        template.path("Rules").properties().forEach(rule -> {
            JsonNode when = rule.getValue().get("RuleCondition");
            boolean applies = when == null || truth(when);
            boolean holds = true;
            for (JsonNode assertion : rule.getValue().path("Assertions")) {
                holds &= truth(assertion.get("Assert"));
            }
            outcomes.put(rule.getKey(), !applies || holds);
        });
        return outcomes;
    }

    /**
     * The parameter values CloudFormation refuses before it creates anything, each with the reason: a value that is not
     * one of the parameter's {@code AllowedValues}, or that does not match its {@code AllowedPattern}. Empty: every
     * value is accepted (a parameter without a value, given or default, is not checked).
     */
    public Map<String, String> refusals() {
        Map<String, String> refused = new TreeMap<>();
        template.path("Parameters").properties().forEach(parameter -> {
            String value = parameters.get(parameter.getKey());
            if (value == null) {
                return;
            }
            JsonNode allowedValues = parameter.getValue().get("AllowedValues");
            if (allowedValues != null) {
                List<String> allowed = new ArrayList<>();
                allowedValues.forEach(allowedValue -> allowed.add(allowedValue.asText()));
                if (!allowed.contains(value)) {
                    refused.put(parameter.getKey(), "'" + value + "' is not one of AllowedValues " + allowed);
                }
            }
            JsonNode allowedPattern = parameter.getValue().get("AllowedPattern");
            if (allowedPattern != null && !Pattern.compile(allowedPattern.asText()).matcher(value).matches()) {
                refused.put(parameter.getKey(), "'" + value + "' does not match AllowedPattern " + allowedPattern.asText());
            }
        });
        return refused;
    }

    boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("no condition " + name);
        }
        Boolean known = conditions.get(name);
        if (known == null) {
            known = truth(template.path("Conditions").get(name));
            conditions.put(name, known);
        }
        return known;
    }

    private boolean truth(JsonNode expression) {
        Map.Entry<String, JsonNode> function = only(expression);
        JsonNode arguments = function.getValue();
        return switch (function.getKey()) {
            case "Fn::Equals" -> value(arguments.get(0)).equals(value(arguments.get(1)));
            case "Fn::Not" -> !truth(arguments.get(0));
            case "Fn::And" -> all(arguments, true);
            case "Fn::Or" -> !all(arguments, false);
            case "Condition" -> condition(arguments.asText());
            default -> throw new IllegalArgumentException("not a condition function: " + expression);
        };
    }

    /** For And: every argument true; for Or (negated): every argument false. */
    private boolean all(JsonNode arguments, boolean expected) {
        for (JsonNode argument : arguments) {
            if (truth(argument) != expected) {
                return false;
            }
        }
        return true;
    }

    private String value(JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        Map.Entry<String, JsonNode> function = only(node);
        if (function.getKey().equals("Ref") && parameters.containsKey(function.getValue().asText())) {
            return parameters.get(function.getValue().asText());
        }
        throw new IllegalArgumentException("a condition may compare only parameters and literals: " + node);
    }

    private JsonNode resolve(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Fn::If")) {
                JsonNode branches = node.get("Fn::If");
                return resolve(condition(branches.get(0).asText()) ? branches.get(1) : branches.get(2));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> {
                JsonNode value = resolve(field.getValue());
                if (!isNoValue(value)) {
                    copy.set(field.getKey(), value);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> {
                JsonNode value = resolve(element);
                if (!isNoValue(value)) {
                    copy.add(value);
                }
            });
            return copy;
        }
        return node;
    }

    private static boolean isNoValue(JsonNode node) {
        return node.isObject() && node.size() == 1 && "AWS::NoValue".equals(node.path("Ref").asText(null));
    }

    private static Map.Entry<String, JsonNode> only(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        Map.Entry<String, JsonNode> only = fields.next();
        if (fields.hasNext()) {
            throw new IllegalArgumentException("an intrinsic function has one key: " + node);
        }
        return only;
    }
}

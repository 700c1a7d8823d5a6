package io.veostatus.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The strings CloudFormation makes of {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} and {@code Fn::Join} in one
 * variant of the template, with made-up physical names (each holds the resource's logical id, so that a value says
 * what it names). A name that is not a parameter, a pseudo parameter, a variable of the Sub's own map or a resource the
 * variant deploys (one whose condition is false does not exist) fails, as CloudFormation would refuse the template.
 */
final class StackValues {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final String ACCOUNT = "123456789012";
    private static final String SUFFIX = "1A2B3C4D5E6F";

    private final TemplateVariant variant;
    private final JsonNode resolved;
    private final Map<String, String> values = new LinkedHashMap<>();

    /** The variant for {@code given} parameters, deployed as stack {@code stackName} in {@code region}. */
    StackValues(JsonNode template, Map<String, String> given, String stackName, String region) {
        this.variant = TemplateVariant.of(template, given);
        this.resolved = variant.resolved();
        template.path("Parameters").properties().forEach(parameter -> {
            JsonNode fallback = parameter.getValue().get("Default");
            if (fallback != null) {
                values.put(parameter.getKey(), fallback.asText());
            }
        });
        values.putAll(given);
        values.put("AWS::StackName", stackName);
        values.put("AWS::Region", region);
        values.put("AWS::AccountId", ACCOUNT);
        values.put("AWS::Partition", "aws");
        values.put("AWS::URLSuffix", "amazonaws.com");
    }

    TemplateVariant variant() {
        return variant;
    }

    /** The template as this variant deploys it (no Fn::If left), conditional resources included. */
    JsonNode resolved() {
        return resolved;
    }

    String stackName() {
        return values.get("AWS::StackName");
    }

    String region() {
        return values.get("AWS::Region");
    }

    String parameter(String name) {
        return values.get(name);
    }

    /** Whether the variant deploys the resource: it has no condition, or its condition holds. */
    boolean deploys(String resource) {
        JsonNode found = resolved.at("/Resources/" + resource);
        if (found.isMissingNode()) {
            return false;
        }
        JsonNode condition = found.get("Condition");
        return condition == null || variant.condition(condition.asText());
    }

    /** The names of the resources of {@code type} that this variant deploys. */
    List<String> resourcesOfType(String type) {
        List<String> names = new ArrayList<>();
        resolved.path("Resources").properties().forEach(resource -> {
            if (type.equals(resource.getValue().path("Type").asText()) && deploys(resource.getKey())) {
                names.add(resource.getKey());
            }
        });
        return names;
    }

    /** The string CloudFormation makes of {@code node}: a literal, or an intrinsic function of strings. */
    String evaluate(JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1) {
            if (node.has("Ref")) {
                return ref(node.get("Ref").asText());
            }
            if (node.has("Fn::GetAtt")) {
                return getAtt(node.get("Fn::GetAtt").get(0).asText(), node.get("Fn::GetAtt").get(1).asText());
            }
            if (node.has("Fn::Sub")) {
                return sub(node.get("Fn::Sub"));
            }
            if (node.has("Fn::Join")) {
                List<String> parts = new ArrayList<>();
                node.get("Fn::Join").get(1).forEach(part -> parts.add(evaluate(part)));
                return String.join(node.get("Fn::Join").get(0).asText(), parts);
            }
        }
        throw new IllegalArgumentException("not a string CloudFormation can make: " + node);
    }

    String ref(String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        JsonNode resource = deployed(name);
        String type = resource.path("Type").asText();
        return switch (type) {
            case "AWS::Serverless::StateMachine" -> "arn:aws:states:" + region() + ":" + ACCOUNT + ":stateMachine:"
                    + (resource.at("/Properties/Name").isMissingNode() ? name + "-" + SUFFIX
                            : evaluate(resource.at("/Properties/Name")));
            case "AWS::CloudWatch::Dashboard" -> evaluate(resource.at("/Properties/DashboardName"));
            // A function's, an alarm's, a log group's name: the stack's name, the logical id and a suffix.
            default -> stackName() + "-" + name + "-" + SUFFIX;
        };
    }

    String getAtt(String name, String attribute) {
        JsonNode resource = deployed(name);
        if (resource.path("Type").asText().equals("AWS::CloudWatch::Alarm") && attribute.equals("Arn")) {
            return "arn:aws:cloudwatch:" + region() + ":" + ACCOUNT + ":alarm:" + ref(name);
        }
        throw new IllegalArgumentException("no value made up for " + name + "." + attribute);
    }

    private JsonNode deployed(String name) {
        if (!deploys(name)) {
            throw new IllegalArgumentException(name + " is not a parameter, a pseudo parameter or a resource this variant deploys");
        }
        return resolved.at("/Resources/" + name);
    }

    /** ${Name} and ${Name.Attribute} substituted, ${!Literal} written as ${Literal}, as Fn::Sub does. */
    private String sub(JsonNode arguments) {
        String text = arguments.isArray() ? arguments.get(0).asText() : arguments.asText();
        Map<String, String> local = new LinkedHashMap<>();
        if (arguments.isArray()) {
            arguments.get(1).properties().forEach(variable -> local.put(variable.getKey(), evaluate(variable.getValue())));
        }
        StringBuilder out = new StringBuilder();
        Matcher variable = VARIABLE.matcher(text);
        while (variable.find()) {
            variable.appendReplacement(out, Matcher.quoteReplacement(variable(variable.group(1), local)));
        }
        variable.appendTail(out);
        return out.toString();
    }

    private String variable(String name, Map<String, String> local) {
        if (name.startsWith("!")) {
            return "${" + name.substring(1) + "}";
        }
        if (local.containsKey(name)) {
            return local.get(name);
        }
        try {
            int dot = name.indexOf('.');
            return dot > 0 ? getAtt(name.substring(0, dot), name.substring(dot + 1)) : ref(name);
        } catch (IllegalArgumentException unresolved) {
            throw new IllegalArgumentException("${" + name + "} does not resolve: " + unresolved.getMessage(), unresolved);
        }
    }
}

package io.veostatus.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a CloudFormation / SAM template written in YAML, with the short-form intrinsic function tags
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) turned into their long JSON form
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}, {@code {"Fn::Sub": ...}}), as CloudFormation
 * reads them.
 */
public final class CloudFormationYaml {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudFormationYaml() {
    }

    public static JsonNode read(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new IntrinsicFunctions(options), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options).load(reader);
            return JSON.valueToTree(document);
        }
    }

    private static final class IntrinsicFunctions extends SafeConstructor {

        IntrinsicFunctions(LoaderOptions options) {
            super(options);
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String function = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = new ArrayList<>(constructSequence(sequence));
                    } else {
                        value = new LinkedHashMap<>(constructMapping((MappingNode) node));
                    }
                    if (function.equals("Ref") || function.equals("Condition")) {
                        return Map.of(function, value);
                    }
                    if (function.equals("GetAtt") && value instanceof String dotted) {
                        int dot = dotted.indexOf('.');
                        value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                    }
                    return Map.of("Fn::" + function, value);
                }
            });
        }
    }
}

package io.veostatus.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The extension's reply, shaped like Secrets Manager's GetSecretValue; only the value is used. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretValue(@JsonProperty("SecretString") String secretString) {
}

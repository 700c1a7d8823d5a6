package io.veostatus.veoapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The envelope of every record-info reply. The outcome is {@code code}, not the HTTP status, which
 * is 200 for failures too. Unknown fields are ignored because the vendor adds fields over time.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordInfoEnvelope(Integer code, String msg, RecordInfoData data) {
}

package io.veostatus.keep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where one video now lives: the S3 object, its size, and its SHA-256 as S3 reports it (base64 of the
 * digest, the {@code ChecksumSHA256} of {@code aws s3api head-object --checksum-mode ENABLED}).
 *
 * @param resolution {@code 1080p} for the vendor's 1080p version, else the original's resolution as
 *        record-info gives it, or null when it gives none
 */
@RegisterForReflection
@JsonPropertyOrder({ "bucket", "key", "bytes", "sha256", "resolution" })
public record KeptFile(String bucket, String key, long bytes, String sha256, String resolution) {
}

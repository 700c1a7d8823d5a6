package io.veostatus.apikey;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.netty.channel.ConnectTimeoutException;

import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.ApiKeyUnavailableException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.AttemptTimeout;
import io.veostatus.kernel.Deadline;

/**
 * Reads the key from the secret named by {@code VEO_API_KEY_SECRET_ID} through the AWS Parameters and Secrets Lambda
 * Extension, within the invocation's deadline, and says what went wrong when it cannot. A fault of the deployment,
 * which every later read would meet too, is {@link UpstreamAuthException#notConfigured}; a fault of the extension for
 * now is {@link ApiKeyUnavailableException}, which the state machines retry:
 *
 * <pre>
 * no AWS_SESSION_TOKEN to ask with                          -> UpstreamAuthException (not configured)
 * connection refused: nothing listens, the layer is missing -> UpstreamAuthException (not configured)
 * a 4xx but 429 naming ResourceNotFoundException: no such secret; naming AccessDeniedException: access denied
 *   (Secrets Manager answers both with HTTP 400)            -> UpstreamAuthException (not configured)
 * a 4xx but 429 naming another type (ThrottlingException, DecryptionFailure, ...) -> ApiKeyUnavailableException
 * an error reply naming no type: HTTP 400 or 404: no such secret; HTTP 403: access denied -> UpstreamAuthException (not configured)
 * a secret document whose SecretString is empty, or that has a SecretBinary instead -> UpstreamAuthException (not configured)
 * no whole reply within the time (the connect and read timeouts together, cut to the deadline) -> ApiKeyUnavailableException
 * an error reply naming no type, of HTTP 429, 5xx or any other status; a reset or another connection failure
 *                                                           -> ApiKeyUnavailableException
 * a reply that is not a secret document (HTML, not JSON, no SecretString, over the cap) -> ApiKeyUnavailableException
 * </pre>
 *
 * An error reply's type is read as {@link SecretsErrorType} finds it. A connection refused is the one connection failure
 * read as the deployment's: the extension listens on localhost from
 * the function's start, so a refusal means it is not there (native packaging without its layer). The read runs under
 * SmallRye's timeout guard on the invocation's thread, whose interrupt ends the wait for the reply and for each byte of
 * its body; nothing is kept from a read that failed, so the next invocation reads again.
 */
@Singleton
public class SecretKeyReader {

    /** A secret document holding a key is a few hundred bytes; one far larger holds no API key. */
    static final int MAX_DOCUMENT_BYTES = 65_536;
    /** The longest a whole read may take: the extension's connect and read timeouts together. */
    static final Duration WHOLE_READ = Duration.ofMillis(
            SecretsExtensionClientProducer.CONNECT_TIMEOUT_MS + SecretsExtensionClientProducer.READ_TIMEOUT_MS);

    private final SecretsExtensionClient extension;
    private final VeoApiConfig api;
    private final UpstreamCallConfig call;
    private final ObjectReader documents;
    private final SecretsErrorType errorTypes;

    public SecretKeyReader(SecretsExtensionClient extension, VeoApiConfig api, UpstreamCallConfig call, ObjectMapper json) {
        this.extension = extension;
        this.api = api;
        this.call = call;
        // Trailing text after the document would mean two documents or a truncated page: not a reply of the extension.
        this.documents = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.errorTypes = new SecretsErrorType(json.reader());
    }

    /** The key held by the secret {@code secretId} ({@code VEO_API_KEY_SECRET_ID}), read before {@code deadline} less the reserve. */
    public String read(String secretId, Deadline deadline) {
        return read(secretId, "VEO_API_KEY_SECRET_ID", deadline);
    }

    /**
     * The value held by the secret {@code secretId}, read before {@code deadline} less the reserve.
     *
     * @param setting the setting that names the secret, as the error messages name it
     */
    public String read(String secretId, String setting, Deadline deadline) {
        // Read at call time, not at start-up: a runtime restored from a snapshot has other credentials.
        String token = api.secretsExtensionToken().or(() -> Optional.ofNullable(System.getenv("AWS_SESSION_TOKEN")))
                .filter(value -> !value.isBlank()).orElseThrow(() -> UpstreamAuthException.notConfigured(
                        setting + " is set but AWS_SESSION_TOKEN is not, so the Parameters and Secrets extension "
                                + "cannot be asked for the secret; outside Lambda, set VEO_API_KEY instead."));
        Duration available = deadline.remaining().minus(call.reserve());
        if (available.isNegative() || available.isZero()) {
            throw new ApiKeyUnavailableException("This invocation had no time left to read the secret named by "
                    + setting + ".");
        }
        Duration time = AttemptTimeout.within(available, WHOLE_READ);
        try {
            return AttemptTimeout.guard(String.class, "secret read", time).get(() -> attempt(secretId, token, setting));
        } catch (TimeoutException slow) {
            throw new ApiKeyUnavailableException("The Parameters and Secrets extension did not give the secret named by "
                    + setting + " within " + time.toMillis() + " ms; it is read again at the next invocation.");
        }
    }

    private String attempt(String secretId, String token, String setting) {
        InputStream body;
        try {
            body = extension.secret(secretId, token).await().indefinitely();
        } catch (WebApplicationException status) {
            throw refused(status.getResponse().getStatus(), errorType(status.getResponse()), setting);
        } catch (RuntimeException failure) {
            throw unreachable(failure, setting);
        }
        try (body) {
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw notADocument("a reply larger than " + MAX_DOCUMENT_BYTES + " bytes", setting);
            }
            return key(bytes, setting);
        } catch (IOException broken) {
            throw new ApiKeyUnavailableException("The Parameters and Secrets extension's reply broke off while the secret "
                    + "named by " + setting + " was being read (" + broken.getClass().getSimpleName() + ").");
        }
    }

    private String key(byte[] reply, String setting) {
        JsonNode document;
        try {
            document = documents.readTree(reply);
        } catch (IOException notJson) {
            // Jackson's message quotes the reply, which may hold the secret: only the kind of problem goes into ours.
            String start = new String(reply, 0, Math.min(reply.length, 64), StandardCharsets.UTF_8);
            boolean page = start.stripLeading().startsWith("<");
            throw notADocument(page ? "an HTML page" : "a reply that is not JSON", setting);
        }
        if (document == null || !document.isObject()) {
            throw notADocument("JSON that is not an object", setting);
        }
        JsonNode value = document.get("SecretString");
        if (value == null || value.isNull()) {
            if (document.hasNonNull("SecretBinary")) {
                throw UpstreamAuthException.notConfigured("The secret named by " + setting + " holds a binary value; "
                        + "store its value in it as plain text.");
            }
            throw notADocument("a JSON object without a SecretString", setting);
        }
        if (!value.isTextual()) {
            throw notADocument("a SecretString that is not text", setting);
        }
        String key = value.textValue().strip();
        if (key.isEmpty()) {
            throw UpstreamAuthException.notConfigured("The secret named by " + setting + " has no text value; store "
                    + "its value in it as plain text.");
        }
        return key;
    }

    /** The type the error reply names, if any; a body that cannot be read names none. */
    private Optional<String> errorType(Response reply) {
        try (InputStream body = reply.hasEntity() ? reply.readEntity(InputStream.class) : null) {
            return body == null ? Optional.empty() : errorTypes.of(body.readNBytes(SecretsErrorType.MAX_BYTES));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** What an error reply says went wrong: its type where it names one, else its status. */
    private enum Refusal {
        NO_SUCH_SECRET, ACCESS_DENIED, FOR_NOW;

        static Refusal of(int status, Optional<String> type) {
            // Only a 4xx is a refusal whose type says why; a 429 or 5xx is a fault of the moment, whatever it names.
            return type.filter(name -> status >= 400 && status < 500 && status != 429).map(name -> switch (name) {
                case "ResourceNotFoundException" -> NO_SUCH_SECRET;
                case "AccessDeniedException" -> ACCESS_DENIED;
                // Throttling, a fault behind the extension, or anything else it may fail at for now: only the two
                // above are known to be the deployment's.
                default -> FOR_NOW;
            }).orElseGet(() -> switch (status) {
                case 400, 404 -> NO_SUCH_SECRET;
                case 403 -> ACCESS_DENIED;
                default -> FOR_NOW;
            });
        }
    }

    private static RuntimeException refused(int status, Optional<String> type, String setting) {
        String reply = "HTTP " + status + type.map(name -> ", " + name).orElse("");
        return switch (Refusal.of(status, type)) {
            case NO_SUCH_SECRET -> UpstreamAuthException.notConfigured("The Parameters and Secrets extension could not "
                    + "read the secret named by " + setting + " (" + reply + ": no such secret); check the secret's id.");
            case ACCESS_DENIED -> UpstreamAuthException.notConfigured("The Parameters and Secrets extension may not read "
                    + "the secret named by " + setting + " (" + reply + ": access denied); give the function "
                    + "secretsmanager:GetSecretValue on it, and kms:Decrypt on its key if it has a key of its own.");
            case FOR_NOW -> new ApiKeyUnavailableException("The Parameters and Secrets extension failed to read the secret "
                    + "named by " + setting + " for now (" + reply + ").");
        };
    }

    private static RuntimeException unreachable(RuntimeException failure, String setting) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return new ApiKeyUnavailableException("The Parameters and Secrets extension did not answer in time (its "
                        + "client waits " + SecretsExtensionClientProducer.CONNECT_TIMEOUT_MS + " ms to connect and "
                        + SecretsExtensionClientProducer.READ_TIMEOUT_MS + " ms for each part of a reply), so the secret "
                        + "named by " + setting + " was not read.");
            }
            if (cause instanceof ConnectException) {
                return UpstreamAuthException.notConfigured("The AWS Parameters and Secrets Lambda Extension did not answer "
                        + "(connection refused), so the secret named by " + setting + " cannot be read; add the "
                        + "extension's layer to the function.");
            }
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return new ApiKeyUnavailableException("The Parameters and Secrets extension failed to answer for now ("
                + cause.getClass().getSimpleName() + "), so the secret named by " + setting + " was not read.");
    }

    private static ApiKeyUnavailableException notADocument(String what, String setting) {
        return new ApiKeyUnavailableException("The Parameters and Secrets extension answered with " + what
                + " instead of the secret named by " + setting + ".");
    }
}

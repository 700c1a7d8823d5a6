package io.veostatus.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * How the function reads JSON it does not control (an event, a request body, a reply of the Veo API): one document
 * with nothing after it, and no key given twice in one object, at any depth. Jackson would otherwise keep the last of
 * a key's values, where another reader of the same document (a proxy, a WAF, the vendor's own code) may keep the
 * first: the document would mean one thing to it and another to the function, so it means nothing.
 */
public final class StrictJson {

    /** Jackson's words for a key given twice (JsonReadContext); StrictJsonTest pins them against an upgrade. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    /** Enough of a key to recognise it, and no more of a caller's text than that in a sentence. */
    private static final int MAX_SHOWN = 40;

    private StrictJson() {
    }

    public static ObjectReader reader(ObjectMapper json) {
        return json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The key that {@code failure} of such a reader says is given twice, or empty when it failed for another reason. */
    public static Optional<String> duplicateKey(JsonProcessingException failure) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(failure.getOriginalMessage()));
        return duplicate.matches() ? Optional.of(duplicate.group(1)) : Optional.empty();
    }

    /** A caller's key as a sentence may quote it: in quotes, control characters replaced, at most 40 characters. */
    public static String quoted(String key) {
        String printable = key.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\"\\\\]", "?");
        return "\"" + (printable.codePointCount(0, printable.length()) <= MAX_SHOWN ? printable
                : printable.substring(0, printable.offsetByCodePoints(0, MAX_SHOWN)) + "...") + "\"";
    }
}

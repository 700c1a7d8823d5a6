package io.veostatus.apikey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Removes one API key from text in every form an upstream may echo it in: as sent; upper-, lower- or mixed-cased;
 * URL-encoded (either case of hex, every character or some); JSON-escaped ({@code \\uXXXX} for any of its
 * characters, {@code \"} and the other short escapes); and base64 or base64url, with or without padding, also where
 * the key sits inside a longer encoded text (such as {@code Basic} credentials), at any of the three byte alignments.
 * There, the one or two encoded characters the key shares with its neighbours stay: at most a few bits of the key.
 *
 * <p>Built once per key: the forms are compiled into one pattern, and {@link #redact} is one scan of the text, with no
 * scan at all for text shorter than the shortest form.
 *
 * <p>A key shorter than {@value #SHORTEST_KEY_WITH_FORMS} characters is no real key (the Veo API's are 32); it is
 * removed as sent, as always, but not in its other forms, which would match ordinary words ("demo", "DEMO") and short
 * runs of any base64 text.
 */
public final class KeyRedactor {

    public static final String REDACTED = "[REDACTED]";
    /** The shortest key whose other forms are removed too. */
    public static final int SHORTEST_KEY_WITH_FORMS = 8;
    /** For where there is no key: redacts nothing. */
    public static final KeyRedactor NONE = new KeyRedactor(null, null, Integer.MAX_VALUE);

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String REPLACEMENT = Matcher.quoteReplacement(REDACTED);

    private final String key;
    /** Every form, as one pattern; null for a short key, which is removed as sent only. */
    private final Pattern forms;
    /** No form is shorter than this: shorter text cannot hold the key. */
    private final int shortestForm;

    /** The redactor of {@code key}; {@link #NONE} for a null or empty key. */
    public static KeyRedactor of(String key) {
        if (key == null || key.isEmpty()) {
            return NONE;
        }
        if (key.length() < SHORTEST_KEY_WITH_FORMS) {
            return new KeyRedactor(key, null, key.length());
        }
        List<String> alternatives = new ArrayList<>();
        alternatives.add(characterForms(key));
        // What a form can start with: the key's first character in a case, an escape, or a base64 form's first character.
        StringBuilder starts = new StringBuilder("%\\\\+");
        for (int variant : variants(key.codePointAt(0))) {
            starts.append(member(variant));
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        // Each character's forms are one character or more; a base64 form is a third longer than the key, less its ends.
        int shortest = key.codePointCount(0, key.length());
        for (String encoded : base64Forms(bytes)) {
            alternatives.add(base64Pattern(encoded));
            starts.append(member(encoded.charAt(0)));
            shortest = Math.min(shortest, encoded.length());
        }
        // The look-ahead lets the scan pass over a position with one test of its character. Longer alternatives first:
        // at one position the first that matches wins, and a padded form should not leave its padding behind.
        Pattern forms = Pattern.compile("(?=[" + starts + "])(?:" + String.join("|", alternatives) + ")");
        return new KeyRedactor(key, forms, shortest);
    }

    private KeyRedactor(String key, Pattern forms, int shortestForm) {
        this.key = key;
        this.forms = forms;
        this.shortestForm = shortestForm;
    }

    /** Whether this redactor is the one of {@code candidate}. */
    public boolean isFor(String candidate) {
        return key == null ? candidate == null || candidate.isEmpty() : key.equals(candidate);
    }

    /** The text with every form of the key replaced by {@value #REDACTED}. */
    public String redact(String text) {
        if (text == null || key == null || text.length() < shortestForm) {
            return text;
        }
        if (forms == null) {
            return text.replace(key, REDACTED);
        }
        return forms.matcher(text).replaceAll(REPLACEMENT);
    }

    /**
     * A copy of the JSON value with every string in it redacted, at any depth: how an upstream's reply is read, so
     * that no string of it (a message, a URL) holds the key when anything uses it. Redacting the decoded strings, not
     * the raw text, also catches a key echoed with JSON escapes. Field names are left as they are: they are read, not
     * passed on.
     */
    public JsonNode redactStrings(JsonNode node) {
        if (key == null || node == null) {
            return node;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            String redacted = redact(text);
            return redacted.equals(text) ? node : TextNode.valueOf(redacted);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.properties().forEach(field -> copy.set(field.getKey(), redactStrings(field.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(element -> copy.add(redactStrings(element)));
            return copy;
        }
        return node;
    }

    /** The key character by character, each as itself, in another case, URL-encoded or JSON-escaped. */
    private static String characterForms(String key) {
        StringBuilder pattern = new StringBuilder();
        for (int at = 0; at < key.length(); at += Character.charCount(key.codePointAt(at))) {
            Set<Integer> variants = variants(key.codePointAt(at));
            StringBuilder literal = new StringBuilder("[");
            for (int variant : variants) {
                literal.append(member(variant));
            }
            Set<String> forms = new LinkedHashSet<>();
            forms.add(literal.append(']').toString());
            for (int variant : variants) {
                String character = new String(Character.toChars(variant));
                forms.add(percentEncoded(character));
                forms.add(jsonEscaped(character));
                String shortEscape = jsonShortEscape(variant);
                if (shortEscape != null) {
                    forms.add(Pattern.quote(shortEscape));
                }
                if (variant == ' ') {
                    forms.add("\\+");
                }
            }
            pattern.append("(?:").append(String.join("|", forms)).append(')');
        }
        return pattern.toString();
    }

    /** The character as it is, upper- and lower-cased. */
    private static Set<Integer> variants(int codePoint) {
        return new LinkedHashSet<>(List.of(codePoint, Character.toUpperCase(codePoint), Character.toLowerCase(codePoint)));
    }

    /** The character as a member of a character class: itself when it is a letter or digit, else by its code point. */
    private static String member(int codePoint) {
        return codePoint < 128 && Character.isLetterOrDigit(codePoint) ? String.valueOf((char) codePoint)
                : "\\x{" + Integer.toHexString(codePoint) + "}";
    }

    /** {@code %XX} for each UTF-8 byte, either case of hex. */
    private static String percentEncoded(String character) {
        StringBuilder pattern = new StringBuilder();
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            pattern.append('%').append(hexDigit((b >> 4) & 0xF)).append(hexDigit(b & 0xF));
        }
        return pattern.toString();
    }

    /** {@code \\uXXXX} for each UTF-16 unit, either case of hex. */
    private static String jsonEscaped(String character) {
        StringBuilder pattern = new StringBuilder();
        for (char unit : character.toCharArray()) {
            pattern.append("\\\\[uU]");
            for (int shift = 12; shift >= 0; shift -= 4) {
                pattern.append(hexDigit((unit >> shift) & 0xF));
            }
        }
        return pattern.toString();
    }

    private static String jsonShortEscape(int codePoint) {
        return switch (codePoint) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '/' -> "\\/";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
    }

    private static String hexDigit(int value) {
        char lower = HEX[value];
        return Character.isDigit(lower) ? String.valueOf(lower) : "[" + lower + Character.toUpperCase(lower) + "]";
    }

    /**
     * The base64 and base64url forms, longest first: the whole key with and without padding, then, for each alignment
     * the key may have inside a longer encoded text, the run of characters made of the key's bits alone.
     */
    private static List<String> base64Forms(byte[] key) {
        Set<String> forms = new LinkedHashSet<>();
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            forms.add(encoder.encodeToString(key));
        }
        for (Base64.Encoder encoder : List.of(Base64.getEncoder().withoutPadding(),
                Base64.getUrlEncoder().withoutPadding())) {
            forms.add(encoder.encodeToString(key));
            for (int offset = 0; offset < 3; offset++) {
                forms.add(ownCharacters(encoder, key, offset));
            }
        }
        return List.copyOf(forms);
    }

    /**
     * The characters of the encoding of {@code key} preceded by {@code offset} other bytes that hold only the key's
     * bits: each character is 6 bits, so those from the first whole 6 bits after the key's start to the last whole 6
     * bits before its end.
     */
    private static String ownCharacters(Base64.Encoder encoder, byte[] key, int offset) {
        byte[] shifted = new byte[offset + key.length];
        System.arraycopy(key, 0, shifted, offset, key.length);
        String encoded = encoder.encodeToString(shifted);
        int first = (offset * 8 + 5) / 6;
        int end = (offset + key.length) * 8 / 6;
        return encoded.substring(first, end);
    }

    /** A base64 text, where its {@code +}, {@code /} and {@code =} may also come URL-encoded. */
    private static String base64Pattern(String encoded) {
        StringBuilder pattern = new StringBuilder();
        for (char c : encoded.toCharArray()) {
            switch (c) {
                case '+' -> pattern.append("(?:\\+|%2[bB])");
                case '/' -> pattern.append("(?:/|%2[fF])");
                case '=' -> pattern.append("(?:=|%3[dD])");
                // The rest of base64's alphabets (letters, digits, '-', '_') mean themselves in a pattern.
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }
}

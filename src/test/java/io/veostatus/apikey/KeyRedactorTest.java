package io.veostatus.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.testing.ForAll;
import io.veostatus.testing.KeyForms;

/**
 * The key is removed from text in every form an upstream may echo it in, and nothing else is touched. The echoes
 * are made here with the JDK's and Jackson's own encoders, and what is left is checked by decoding it every way the
 * key could have been encoded, not by comparing it with the forms the redactor builds.
 */
class KeyRedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters keys are made of: a Veo key is hex, other keys use the rest; a few take more than one byte. */
    private static final String KEY_CHARACTERS = "0123456789abcdefABCDEFghijkXYZ-_.~+/=:@!$&'()*,;%\"\\ éüжΩ日本";
    private static final String WORDS = "invalid key token for account request bearer auth failed the of "
            + "Authorization: Basic";

    /** One way of echoing a key, made with the JDK's or Jackson's encoders. */
    private record Form(String name, BiFunction<String, SplittableRandom, String> echo) {
    }

    private static final List<Form> FORMS = List.of(
            new Form("as sent", (key, random) -> key),
            new Form("upper-cased", (key, random) -> key.toUpperCase(Locale.ROOT)),
            new Form("lower-cased", (key, random) -> key.toLowerCase(Locale.ROOT)),
            new Form("URL-encoded", (key, random) -> URLEncoder.encode(key, StandardCharsets.UTF_8)),
            new Form("URL-encoded, lower-case hex",
                    (key, random) -> lowerHex(URLEncoder.encode(key, StandardCharsets.UTF_8))),
            new Form("every byte URL-encoded", KeyRedactorTest::everyBytePercentEncoded),
            new Form("JSON-escaped by Jackson", (key, random) -> jackson(key)),
            new Form("some characters as \\uXXXX", KeyRedactorTest::someUnicodeEscapes),
            new Form("base64", (key, random) -> Base64.getEncoder().encodeToString(utf8(key))),
            new Form("base64 without padding",
                    (key, random) -> Base64.getEncoder().withoutPadding().encodeToString(utf8(key))),
            new Form("base64url", (key, random) -> Base64.getUrlEncoder().encodeToString(utf8(key))),
            new Form("base64url without padding",
                    (key, random) -> Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(key))),
            new Form("inside base64 of longer text", KeyRedactorTest::insideLongerBase64),
            new Form("inside base64url of longer text, URL-encoded", (key, random) -> URLEncoder.encode(
                    Base64.getUrlEncoder().encodeToString(surrounded(key, random)), StandardCharsets.UTF_8)));

    /** A generated case: a key and a text that echoes it in one form, among other words. */
    private record Echo(String key, String form, String text) {
        @Override
        public String toString() {
            return form + " of key " + key + " in: " + text;
        }
    }

    @Test
    void noFormOfTheKeySurvives() {
        Map<String, Integer> forms = ForAll.check("no form of the key survives redaction", 20261201L, 4000,
                KeyRedactorTest::echo, echo -> {
                    String redacted = KeyRedactor.of(echo.key()).redact(echo.text());
                    assertTrue(redacted.contains(KeyRedactor.REDACTED), "nothing was redacted: " + redacted);
                    assertNoKeyIn(echo.key(), redacted);
                    return echo.form();
                });
        assertEquals(FORMS.size(), forms.size(), "every form was tried: " + forms.keySet());
    }

    @Test
    void textWithoutTheKeyIsUnchanged() {
        ForAll.check("text without the key is unchanged", 20261202L, 4000, random -> {
            String key = key(random);
            StringBuilder text = new StringBuilder(words(random));
            // Near misses: the key cut short or with one character replaced, and base64 of a key with one of its inner
            // characters replaced (base64 of a key cut at its end would hold all of the key but its last few bits).
            int kind = random.nextInt(3);
            String missed = switch (kind) {
                case 0 -> cut(key, random);
                case 1 -> replaced(key, random.nextInt(key.length()), random);
                default -> Base64.getEncoder().encodeToString(
                        utf8(replaced(key, 2 + random.nextInt(key.length() - 4), random)));
            };
            text.append(' ').append(missed).append(' ').append(words(random));
            List<String> kinds = List.of("cut short", "one character replaced", "base64 of one inner character replaced");
            return new Echo(key, kinds.get(kind), text.toString());
        }, echo -> {
            assertEquals(echo.text(), KeyRedactor.of(echo.key()).redact(echo.text()));
            return echo.form();
        });
    }

    @ParameterizedTest(name = "key {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // A key too short to be one is removed as sent, as always, and its other forms are left: they are words.
        "demo    | the demo key demo.   | the [REDACTED] key [REDACTED].",
        "demo    | DEMO, Demo, ZGVtbw== | DEMO, Demo, ZGVtbw==",
        "abc1234 | abc1234 ABC1234      | [REDACTED] ABC1234",
        // From 8 characters on, every form goes.
        "abcd1234 | abcd1234 ABCD1234 YWJjZDEyMzQ= | [REDACTED] [REDACTED] [REDACTED]",
    })
    void aShortKeyIsRemovedAsSentOnly(String key, String text, String expected) {
        assertEquals(expected, KeyRedactor.of(key).redact(text));
    }

    @Test
    void withoutAKeyNothingIsRedacted() {
        assertEquals("any text", KeyRedactor.NONE.redact("any text"));
        assertSame(KeyRedactor.NONE, KeyRedactor.of(null));
        assertSame(KeyRedactor.NONE, KeyRedactor.of(""));
        assertNull(KeyRedactor.of("some-long-key-value").redact(null));
    }

    @Test
    void theFormsOfAKeyAreBuiltOncePerKey() {
        VeoApiConfig config = ConfigDefaults.of(VeoApiConfig.class, Map.of("veo.api.key", "direct-key-1234"));
        ApiKeyProvider keys = new ApiKeyProvider(config, null);
        KeyRedactor direct = keys.redactor("direct-key-1234");
        assertSame(direct, keys.redactor("direct-key-1234"), "the direct key's redactor is built once");
        assertEquals("[REDACTED] [REDACTED]", keys.redact("direct-key-1234 DIRECT-KEY-1234"));

        KeyRedactor other = keys.redactor("rotated-key-5678");
        assertSame(other, keys.redactor("rotated-key-5678"), "a new key's redactor is built once too");
        assertFalse(other.isFor("direct-key-1234"));
    }

    private static Echo echo(SplittableRandom random) {
        String key = key(random);
        Form form = FORMS.get(random.nextInt(FORMS.size()));
        String echoed = form.echo().apply(key, random);
        StringBuilder text = new StringBuilder(words(random)).append(random.nextBoolean() ? " " : "=").append(echoed);
        if (random.nextInt(4) == 0) {
            text.append(" and again ").append(echoed);
        }
        text.append(random.nextBoolean() ? " " : "&").append(words(random));
        return new Echo(key, form.name(), text.toString());
    }

    private static String key(SplittableRandom random) {
        int length = KeyRedactor.SHORTEST_KEY_WITH_FORMS + random.nextInt(40);
        StringBuilder key = new StringBuilder();
        boolean hex = random.nextInt(3) == 0;
        while (key.length() < length) {
            String alphabet = hex ? "0123456789abcdef" : KEY_CHARACTERS;
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String made = key.toString().strip();
        // Keys are stored stripped; one that shrank below the length of a key is made anew.
        return made.length() < KeyRedactor.SHORTEST_KEY_WITH_FORMS ? key(random) : made;
    }

    private static String words(SplittableRandom random) {
        String[] words = WORDS.split(" ");
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            text.append(words[random.nextInt(words.length)]).append(i == 0 ? "" : " ");
        }
        return text.toString();
    }

    private static String cut(String key, SplittableRandom random) {
        int cut = 1 + random.nextInt(3);
        return random.nextBoolean() ? key.substring(cut) : key.substring(0, key.length() - cut);
    }

    /** The key with the character at {@code at} replaced by one that is no case of it. */
    private static String replaced(String key, int at, SplittableRandom random) {
        char original = key.charAt(at);
        char replacement;
        do {
            replacement = "0123456789qrstuvwxyz".charAt(random.nextInt(20));
        } while (Character.toLowerCase(replacement) == Character.toLowerCase(original));
        return key.substring(0, at) + replacement + key.substring(at + 1);
    }

    private static String everyBytePercentEncoded(String key, SplittableRandom random) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : utf8(key)) {
            String hex = String.format("%%%02X", b & 0xFF);
            encoded.append(random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
        }
        return encoded.toString();
    }

    private static String someUnicodeEscapes(String key, SplittableRandom random) {
        StringBuilder escaped = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (random.nextInt(3) == 0) {
                String hex = String.format("\\u%04x", (int) c);
                escaped.append(random.nextBoolean() ? hex : "\\u" + hex.substring(2).toUpperCase(Locale.ROOT));
            } else if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String insideLongerBase64(String key, SplittableRandom random) {
        return Base64.getEncoder().encodeToString(surrounded(key, random));
    }

    /** The key's bytes between 0 to 5 other bytes on either side: each of the three alignments inside base64. */
    private static byte[] surrounded(String key, SplittableRandom random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(":Bearer ".substring(0, random.nextInt(6)).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(utf8(key));
        bytes.writeBytes(" end".substring(0, random.nextInt(5)).getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** No form of the key is left: {@link KeyForms#in} decodes the text every way the key could have been encoded. */
    private static void assertNoKeyIn(String key, String redacted) {
        assertEquals(List.of(), KeyForms.in(key, redacted));
    }

    private static String lowerHex(String encoded) {
        return Pattern.compile("%[0-9A-F]{2}").matcher(encoded).replaceAll(match -> match.group().toLowerCase(Locale.ROOT));
    }

    private static String jackson(String key) {
        try {
            String quoted = JSON.writeValueAsString(key);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

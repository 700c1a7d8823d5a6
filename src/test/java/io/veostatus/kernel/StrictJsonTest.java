package io.veostatus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The strict reader refuses a key given twice at any depth and anything after the document, and tells the first from
 * any other failure by the key it names: Jackson's words for it are pinned here, so that an upgrade that changes them
 * fails this test rather than turning every such event into "not JSON".
 */
class StrictJsonTest {

    private final ObjectReader strict = StrictJson.reader(new ObjectMapper());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"taskId\":\"a\",\"taskId\":\"b\"}|taskId",
            "{\"taskId\":\"a\",\"taskId\":\"a\"}|taskId",
            "{\"poll\":{\"attempt\":1,\"attempt\":2}}|attempt",
            "[{\"x\":1},{\"y\":1,\"y\":2}]|y",
            "{\"a b\\\"c\":1,\"a b\\\"c\":2}|a b\"c" })
    void aKeyGivenTwiceIsRefusedAndNamed(String json, String key) {
        JsonProcessingException refused = assertThrows(JsonProcessingException.class, () -> strict.readTree(json));
        assertEquals(Optional.of(key), StrictJson.duplicateKey(refused));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "{\"a\":1} {\"a\":2}", "{\"a\":1", "{\"a\":1,}", "not json" })
    void anyOtherFailureNamesNoKey(String json) {
        JsonProcessingException refused = assertThrows(JsonProcessingException.class, () -> strict.readTree(json));
        assertEquals(Optional.empty(), StrictJson.duplicateKey(refused));
    }

    @Test
    void theSameKeyInTwoObjectsIsNoDuplicate() throws Exception {
        assertEquals(2, strict.readTree("[{\"a\":1},{\"a\":2}]").size());
        assertEquals(1, strict.readTree("{\"a\":{\"a\":1}}").path("a").path("a").asInt());
    }

    @Test
    void aQuotedKeyIsBoundedAndPrintable() {
        assertEquals("\"taskId\"", StrictJson.quoted("taskId"));
        assertEquals("\"a?b?c?d?\"", StrictJson.quoted("a\nb\u0000c\"d\\"));
        String quoted = StrictJson.quoted("k".repeat(500));
        assertEquals("\"" + "k".repeat(40) + "...\"", quoted);
        String emoji = StrictJson.quoted("\uD83C\uDFAC".repeat(50));
        assertTrue(emoji.startsWith("\"\uD83C\uDFAC") && emoji.endsWith("\uD83C\uDFAC...\""), emoji);
    }
}

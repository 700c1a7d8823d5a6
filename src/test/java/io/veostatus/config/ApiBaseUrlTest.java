package io.veostatus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What VEO_API_BASE_URL may be: an https URL the key may travel to, or plain http to this machine only; anything else
 * is refused with one sentence that names the setting and says what is wrong, and never shows a password back.
 */
class ApiBaseUrlTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://api.veo3api.ai", "https://api.veo3api.ai/", "HTTPS://API.VEO3API.AI",
        "https://api.veo3api.ai:8443", "https://proxy.example.com/veo", "https://203.0.113.7", "https://[2001:db8::1]:443",
        // Dev mode and the tests: a stand-in of the API on this machine.
        "http://localhost:8089", "http://LOCALHOST", "http://127.0.0.1:40123", "http://127.255.0.9", "http://[::1]:8089",
        "http://[0:0:0:0:0:0:0:1]/", "https://localhost:8443" })
    void accepted(String url) {
        assertEquals(Optional.empty(), ApiBaseUrl.problem(url), url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "api.veo3api.ai                       | 'api.veo3api.ai' has no scheme",
        "/api/v1                              | '/api/v1' has no scheme",
        "api.veo3api.ai:443                   | 'api.veo3api.ai:443' is not an http(s) URL",
        "localhost:8080                       | 'localhost:8080' is not an http(s) URL",
        "http://api.veo3api.ai                | 'http://api.veo3api.ai' is plain http",
        "http://example.com:8080/             | 'http://example.com:8080/' is plain http",
        "http://localhost.example.com         | is plain http",
        "http://127.0.0.1.nip.io              | is plain http",
        "http://2130706433                    | is plain http",
        "http://10.0.0.5                      | is plain http",
        "http://[::ffff:127.0.0.1]            | is plain http",
        "ftp://api.veo3api.ai                 | 'ftp://api.veo3api.ai' is not an http(s) URL",
        "file:///etc/passwd                   | 'file:///etc/passwd' is not an http(s) URL",
        "https://                             | is not a URL",
        "https:api.veo3api.ai                 | names no host",
        "https:///path                        | names no host",
        "https://user:s3cret@api.veo3api.ai   | has user information",
        "https://s3cret@api.veo3api.ai        | has user information",
        "https://api.veo3api.ai?key=s3cret    | has a query",
        "https://api.veo3api.ai/#s3cret       | has a query (?) or fragment (#)",
        "\"https://api.veo3api.ai \"         | is not a URL",
        "https://api veo3api.ai               | is not a URL",
        "\"\"                                 | it is empty",
    })
    void refused(String url, String why) {
        Optional<String> problem = ApiBaseUrl.problem(url);
        assertTrue(problem.isPresent(), url + " was accepted");
        String sentence = problem.get();
        assertTrue(sentence.startsWith("VEO_API_BASE_URL must be an absolute https URL"), sentence);
        assertTrue(sentence.contains(why), sentence);
        assertTrue(sentence.endsWith(".") && !sentence.contains("\n"), "one sentence: " + sentence);
        assertFalse(sentence.contains("s3cret"), "a password or query is shown back: " + sentence);
    }
}

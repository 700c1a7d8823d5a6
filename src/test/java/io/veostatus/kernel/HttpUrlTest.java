package io.veostatus.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a URL of the vendor's is read (its host, even one java.net.URI does not call a host) and shown. */
class HttpUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://tempfile.aiquickdraw.com/p/abc_1764403380.mp4 | true  | tempfile.aiquickdraw.com | 443",
            "HTTP://CDN.Example:8080/x                            | false | cdn.example              | 8080",
            "http://[::1]:9/x                                     | false | [::1]                    | 9",
            "http://user:pw@2130706433:81/x                       | false | 2130706433               | 81",
            "http://0x7f.1/x                                      | false | 0x7f.1                   | 80",
            "http://a_b.example/x                                 | false | a_b.example              | 80",
            "https://127.1/x                                      | true  | 127.1                    | 443" })
    void theHostIsReadAsWrittenWhetherOrNotUriCallsItOne(String url, boolean https, String host, int port) {
        HttpUrl parsed = HttpUrl.parse(url).orElseThrow();
        assertEquals(https, parsed.https());
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://cdn.example/x", "file:///etc/passwd", "mailto:a@b.example", "/relative/x.mp4", "http:///x",
            "http://cdn.example:0/x", "http://cdn.example:99999/x", "http://b%C3%BCcher.example/x", "http://[::1/x", "not a url" })
    void anythingElseIsNotAnHttpUrl(String text) {
        assertTrue(HttpUrl.parse(text).isEmpty(), text);
    }

    @Test
    void aUrlIsShownWithoutUserInfoQueryOrFragmentInAscii() {
        HttpUrl url = HttpUrl.parse("https://user:secret@cdn.example:443/v/vídeo.mp4?X-Amz-Signature=SECRET&X-Amz-Security-Token=T#frag")
                .orElseThrow();
        assertEquals("https://cdn.example/v/v%C3%ADdeo.mp4", url.shown(200));
        assertEquals("http://cdn.example:8080/", HttpUrl.parse("http://cdn.example:8080/?a=b").orElseThrow().shown(200));
        assertEquals("a URL that is not an absolute http(s) URL", HttpUrl.shown("javascript:alert(SECRET)", 200));
    }

    @Test
    void aLongUrlIsCutToItsLimitAndStillNamesOneUrl() {
        String path = "/v/" + "a".repeat(3_000);
        String shownA = HttpUrl.parse("https://cdn.example" + path + "A.mp4?sig=SECRET").orElseThrow().shown(1024);
        String shownB = HttpUrl.parse("https://cdn.example" + path + "B.mp4?sig=SECRET").orElseThrow().shown(1024);
        assertEquals(1024, shownA.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(shownA.startsWith("https://cdn.example/v/aaaa"), shownA);
        assertTrue(shownA.matches(".*\\.\\.\\.\\(sha256 [A-Za-z0-9_-]{43}\\)"), shownA);
        assertFalse(shownA.equals(shownB), "two URLs that differ after the cut are shown apart");
        assertFalse(shownA.contains("SECRET"));
    }
}

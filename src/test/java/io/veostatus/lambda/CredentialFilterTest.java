package io.veostatus.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.ExtLogRecord.FormatStyle;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/**
 * What the console writes of a line that holds a credential: the function's own credentials replaced, a credential's
 * header or field with a value it cannot know withheld, an exception that holds one left out; every other line as it
 * was. The packaged functions' runs at TRACE (PackagedFunctionCases, KeepFunctionIT) show that no library's line gets
 * through; this shows what the filter does when the loggers held at INFO are not enough.
 */
class CredentialFilterTest {

    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE+token/value==";
    private static final String VEO_KEY = "4f9c2a7e1b3d5c6f8a0b2c4d6e8f0a1b";

    private final CredentialFilter filter = new CredentialFilter(List.of(SECRET_KEY, SESSION_TOKEN, VEO_KEY));

    @Test
    void theFunctionsOwnCredentialsAreReplacedWhereverTheyAreInALine() {
        ExtLogRecord echoed = record(Level.WARNING, "The Veo API answered: invalid key %s (token %s)", VEO_KEY, SESSION_TOKEN);

        assertTrue(filter.isLoggable(echoed), "the line is still written");
        assertEquals("The Veo API answered: invalid key [REDACTED] (token [REDACTED])", printed(echoed));
    }

    @Test
    void aHeaderOrFieldWithAValueTheFilterCannotKnowIsWithheld() {
        for (String shown : List.of(
                "sun.net.www.MessageHeader@1f 3 pairs: {GET /x HTTP/1.1: null}{Authorization: Bearer key-read-from-a-secret-1}",
                "Request: GET https://api.veo3api.ai/api/v1/veo/record-info Headers[Accept=application/json Authorization=Bearer k2]",
                "AWS4 Canonical Request: PUT\n/bucket/key\n\nhost:s3.amazonaws.com\nx-amz-security-token:another-token-3\n",
                "Response: 200, Body:\n{\"ARN\":\"arn:aws:secretsmanager:...\",\"SecretString\" : \"key-read-from-a-secret-4\"}",
                "environment: AWS_SESSION_TOKEN=a-token-of-another-process X-Aws-Parameters-Secrets-Token=t")) {
            ExtLogRecord line = record(Level.FINE, "%s", shown);

            assertTrue(filter.isLoggable(line));
            assertEquals(CredentialFilter.WITHHELD, printed(line), shown);
        }
    }

    @Test
    void aLineThatOnlyNamesACredentialsHeaderIsWrittenAsItWas() {
        String named = "Sending Request: DefaultSdkHttpFullRequest(httpMethod=PUT, headers=[Authorization, x-amz-security-token], "
                + "queryParameters=[])";
        ExtLogRecord line = record(Level.FINE, "%s", named);
        Object[] parameters = line.getParameters();

        assertTrue(filter.isLoggable(line));
        assertEquals(named, printed(line));
        assertSame(parameters, line.getParameters(), "an untouched line keeps its parameters");
    }

    @Test
    void anExceptionThatHoldsACredentialIsLeftOutOfItsLine() {
        ExtLogRecord failed = record(Level.SEVERE, "The copy failed for task %s", "t1");
        failed.setThrown(new RuntimeException("wrapped", new IOException("signature of " + SECRET_KEY + " does not match")));

        assertTrue(filter.isLoggable(failed));
        assertNull(failed.getThrown(), "the exception is left out");
        assertEquals("The copy failed for task t1" + CredentialFilter.EXCEPTION_WITHHELD, printed(failed));

        ExtLogRecord ordinary = record(Level.SEVERE, "The copy failed for task %s", "t2");
        IOException cause = new IOException("connection reset");
        ordinary.setThrown(cause);
        assertTrue(filter.isLoggable(ordinary));
        assertSame(cause, ordinary.getThrown(), "an exception without a credential stays");
    }

    @Test
    void aValueTooShortToBeACredentialIsNotSearchedFor() {
        CredentialFilter withAShortValue = new CredentialFilter(List.of("abc", " ", VEO_KEY));
        ExtLogRecord line = record(Level.INFO, "%s", "abc is not a key");

        assertTrue(withAShortValue.isLoggable(line));
        assertEquals("abc is not a key", printed(line));
    }

    /** The summary line is written past the console; its message is cleaned as the console cleans a line. */
    @Test
    void textWrittenPastTheConsoleIsCleanedTheSameWay() {
        String clean = "DIRECT SUCCEEDED in 19 ms";
        assertSame(clean, filter.cleaned(clean));
        assertEquals("refused: [REDACTED]", filter.cleaned("refused: " + SESSION_TOKEN));
        assertEquals(CredentialFilter.WITHHELD, filter.cleaned("echoed Authorization: Bearer key-read-from-a-secret-5"));
    }

    /** The line's message as the console prints it. */
    private static String printed(ExtLogRecord record) {
        return new PatternFormatter("%s").format(record);
    }

    private static ExtLogRecord record(Level level, String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(level, format, FormatStyle.PRINTF, CredentialFilterTest.class.getName());
        record.setParameters(parameters);
        record.setLoggerName("test.library");
        return record;
    }
}

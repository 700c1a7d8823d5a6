package io.veostatus.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Jackson's bound on how deeply arrays and objects nest in what it reads (StreamReadConstraints, 1000 by default):
 * past it a well-formed text is refused too, and the caller is told so rather than that the text is not JSON.
 * Jackson names the bound that was hit only in its exception's message.
 */
public final class JsonNesting {

    private JsonNesting() {
    }

    public static boolean tooDeep(JsonProcessingException refused) {
        return refused instanceof StreamConstraintsException && refused.getOriginalMessage().contains("nesting depth");
    }

    /** @return e.g. "is nested too deeply (more than 1000 arrays or objects inside one another)" */
    public static String tooDeepPhrase(JsonFactory reader) {
        return "is nested too deeply (more than " + reader.streamReadConstraints().getMaxNestingDepth()
                + " arrays or objects inside one another)";
    }
}

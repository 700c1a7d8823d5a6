package io.veostatus.statemachine;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The limits the batch machine itself sets, read from poll-videos.asl.json so that the tests and the
 * benchmark use the shipped values.
 *
 * @param maxBatch the most task ids one batch takes (its CheckBatch state)
 * @param defaultMaxConcurrency how many tasks are polled at once when the input does not say
 */
public record BatchLimits(int maxBatch, int defaultMaxConcurrency) {

    public static BatchLimits read() {
        try {
            JsonNode states = BatchItemProcessor.read(BatchItemProcessor.BATCH).get("States");
            JsonNode maxBatch = states.at("/CheckBatch/Choices/0/NumericGreaterThan");
            JsonNode maxConcurrency = states.at("/ReadInput/Parameters/defaults/maxConcurrency");
            if (!maxBatch.canConvertToInt() || !maxConcurrency.canConvertToInt()) {
                throw new IllegalStateException(BatchItemProcessor.BATCH + " has moved its limits: " + maxBatch + ", " + maxConcurrency);
            }
            return new BatchLimits(maxBatch.asInt(), maxConcurrency.asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.veostatus.callback.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;

/** The one thing read from a callback's body: which task it is about. */
class VendorBodyTest {

    private static final ObjectReader STRICT = StrictJson.reader(new ObjectMapper());

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"code\":200,\"msg\":\"Veo3.1 video generated successfully.\",\"data\":{\"taskId\":\"veo_task_abcdef123456\",\"info\":{\"resultUrls\":[\"https://x/y.mp4\"]}}}",
            "{\"code\":501,\"msg\":\"failed\",\"data\":{\"task_id\":\"veo_task_abcdef123456\"}}",
            "{\"taskId\":\"veo_task_abcdef123456\",\"data\":{\"task_id\":\"veo_task_abcdef123456\"}}",
            "{\"taskId\":\" veo_task_abcdef123456 \"}" })
    void theTaskIdIsFoundWhereverTheVendorPutsIt(String body) {
        assertEquals(new TaskId("veo_task_abcdef123456"), VendorBody.taskId(body, STRICT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"taskId":"a1","data":{"taskId":"b2"}}              | two different
            {"data":{"taskId":"a1","task_id":"b2"}}             | two different
            {"code":200,"data":{}}                              | no task id
            {"data":{"taskId":42}}                              | not a string
            [1,2]                                               | not one JSON object
            not json                                            | not one JSON object
            {"taskId":"a1","taskId":"a1"}                       | not one JSON object
            {"taskId":"a1"} {"taskId":"b2"}                     | not one JSON object
            """)
    void aBodyThatDoesNotNameOneTaskIsRefused(String body, String reason) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> VendorBody.taskId(body, STRICT));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"taskId\":\"../record-info?x=1\"}", "{\"taskId\":\"\"}" })
    void aTaskIdThatIsNoTaskIdIsRefusedBeforeAnyCall(String body) {
        assertThrows(InvalidTaskIdException.class, () -> VendorBody.taskId(body, STRICT));
    }
}

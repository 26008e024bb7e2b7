package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records as they were written by earlier releases must keep decoding to the same values: a change
 * that breaks one would break the records already on the topic. See golden/README.md.
 */
class GoldenRecordsTest {

    private final FeedCodec codec = new FeedCodec();

    static Stream<Arguments> goldenRecords() {
        return Stream.of(
                Arguments.of("golden/revocation-token.json", Fixtures.token()),
                Arguments.of("golden/revocation-grant.json", Fixtures.grant()),
                Arguments.of("golden/revocation-client.json", Fixtures.client()),
                Arguments.of("golden/revocation-user.json", Fixtures.user()),
                Arguments.of("golden/feed-heartbeat.json", Fixtures.heartbeat()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRecords")
    void decodeWhenGoldenRecordThenExpectedEvent(String resource, FeedEvent expected) {
        byte[] value = bytes(resource);

        Decoded decoded = codec.decode(headersFor(expected), value);

        assertThat(decoded).isInstanceOf(Decoded.Event.class);
        assertThat(((Decoded.Event) decoded).event()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRecords")
    void validateWhenGoldenRecordThenConformsToSchema(String resource, FeedEvent expected) {
        assertThat(Schemas.errors(expected.type(), bytes(resource))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRecords")
    void encodeWhenGoldenEventThenSameJsonAsGolden(String resource, FeedEvent expected) {
        JsonNode written = Schemas.readTree(codec.encode(expected, Fixtures.SOURCE).value());

        assertThat(written).isEqualTo(Schemas.readResource(resource));
    }

    private static Map<String, String> headersFor(FeedEvent event) {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "golden-" + event.key());
        headers.put("ce_source", "/revocation-service");
        headers.put("ce_type", event.type());
        headers.put("ce_time", "2025-11-29T10:02:00.123Z");
        headers.put("ce_mustunderstand", Boolean.toString(event.mustUnderstand()));
        headers.put("content-type", "application/json");
        return headers;
    }

    private static byte[] bytes(String resource) {
        try (InputStream in =
                GoldenRecordsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

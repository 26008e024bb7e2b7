package dev.grantwire.events;

import static dev.grantwire.events.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedCodecTest {

    private static final UUID EVENT_ID = UUID.fromString("5b0e3c1e-8a7f-4d4b-9c7e-2f1a0b9c8d7e");
    private static final String UNKNOWN_TYPE = "dev.grantwire.revocation.created.v2";

    private final FeedCodec codec = new FeedCodec();

    static Stream<FeedEvent> everyKind() {
        return Stream.of(
                Fixtures.token(),
                Fixtures.grant(),
                Fixtures.client(),
                Fixtures.user(),
                Fixtures.heartbeat());
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void decodeWhenEncodedThenSameEventAndAttributes(FeedEvent event) {
        EncodedEvent encoded = codec.encode(event, SOURCE, EVENT_ID);

        Decoded decoded = codec.decode(encoded.headers(), encoded.value());

        assertThat(decoded)
                .isEqualTo(
                        new Decoded.Event(EVENT_ID.toString(), SOURCE, event.eventTime(), event));
        assertThat(encoded.key()).isEqualTo(event.key());
    }

    @Test
    void encodeWhenRevocationThenEveryBinaryModeHeader() {
        EncodedEvent encoded = codec.encode(Fixtures.grant(), SOURCE, EVENT_ID);

        assertThat(encoded.headers())
                .containsExactly(
                        Map.entry("ce_specversion", "1.0"),
                        Map.entry("ce_id", "5b0e3c1e-8a7f-4d4b-9c7e-2f1a0b9c8d7e"),
                        Map.entry("ce_source", "/revocation-service"),
                        Map.entry("ce_type", "dev.grantwire.revocation.created.v1"),
                        Map.entry("ce_subject", "grant:" + Fixtures.GRANT_ID),
                        Map.entry("ce_time", "2025-11-29T10:02:00.123Z"),
                        Map.entry("ce_mustunderstand", "true"),
                        Map.entry("content-type", "application/json"));
        assertThat(encoded.key()).isEqualTo("grant:" + Fixtures.GRANT_ID);
    }

    @Test
    void encodeWhenHeartbeatThenNoSubjectKeyHeartbeatAndNeedNotBeUnderstood() {
        EncodedEvent encoded = codec.encode(Fixtures.heartbeat(), SOURCE, EVENT_ID);

        assertThat(encoded.key()).isEqualTo("heartbeat");
        assertThat(encoded.headers())
                .doesNotContainKey("ce_subject")
                .containsEntry("ce_type", "dev.grantwire.feed.heartbeat.v1")
                .containsEntry("ce_time", "2025-11-29T10:02:01.004Z")
                .containsEntry("ce_mustunderstand", "false");
    }

    @Test
    void encodeWhenNoEventIdGivenThenFreshUuidEachTime() {
        EncodedEvent first = codec.encode(Fixtures.token(), SOURCE);
        EncodedEvent second = codec.encode(Fixtures.token(), SOURCE);

        assertThat(UUID.fromString(first.headers().get("ce_id")))
                .isNotEqualTo(UUID.fromString(second.headers().get("ce_id")));
    }

    @Test
    void encodeWhenTokenThenAbsentFieldsOmitted() {
        String json = new String(codec.encode(Fixtures.token(), SOURCE).value(), UTF_8);

        assertThat(json).doesNotContain("cutoff", "scope", "null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "not a uri"})
    void encodeWhenSourceInvalidThenRefused(String source) {
        assertThatThrownBy(() -> codec.encode(Fixtures.token(), source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("source must");
    }

    @Test
    void encodedEventWhenValueArrayChangedOutsideThenUnaffected() {
        EncodedEvent encoded = codec.encode(Fixtures.token(), SOURCE, EVENT_ID);
        byte[] value = encoded.value();
        value[0] = 'X';

        assertThat(encoded.value()[0]).isEqualTo((byte) '{');
        assertThat(encoded).isEqualTo(codec.encode(Fixtures.token(), SOURCE, EVENT_ID));
        assertThatThrownBy(() -> encoded.headers().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void decodeWhenManyRandomEventsThenRoundTripsUnchanged() {
        Random random = new Random(42);
        RevocationKind[] kinds = RevocationKind.values();
        for (int i = 0; i < 2_000; i++) {
            RevocationKind kind = kinds[random.nextInt(kinds.length)];
            String subject =
                    kind.hasUuidSubject()
                            ? new UUID(random.nextLong(), random.nextLong()).toString()
                            : "id-" + Long.toHexString(random.nextLong());
            RevocationEvent.Builder builder =
                    RevocationEvent.builder(kind, subject)
                            .revokedAt(1 + (random.nextLong() >>> 22))
                            .reason("reason é \"quoted\" " + i)
                            .actor("actor:" + i)
                            .sequence(1 + (random.nextLong() >>> 1));
            if (kind == RevocationKind.CLIENT) {
                builder.scope(
                        random.nextBoolean() ? RevocationScope.TOKENS : RevocationScope.GRANTS);
            }
            if (random.nextBoolean() && kind != RevocationKind.USER) {
                builder.userId("u-" + random.nextInt(1000));
            }
            RevocationEvent event =
                    builder.build(
                            RevocationBounds.ofMillis(
                                    1 + random.nextInt(600_000), random.nextInt(30_000)));

            EncodedEvent encoded = codec.encode(event, SOURCE);
            Decoded decoded = codec.decode(encoded.headers(), encoded.value());

            assertThat(((Decoded.Event) decoded).event()).isEqualTo(event);
        }
    }

    // ---- versioning: unknown types and spec versions ----

    @Test
    void decodeWhenTypeUnknownAndMustUnderstandThenFailsClosed() {
        Map<String, String> headers = headers(UNKNOWN_TYPE, "true");

        assertThatThrownBy(() -> codec.decode(headers, "{}".getBytes(UTF_8)))
                .isInstanceOf(MustUnderstandException.class)
                .hasMessageContaining("unknown event type '" + UNKNOWN_TYPE + "'")
                .hasMessageContaining("ce_mustunderstand='true'")
                .hasMessageContaining("fail closed")
                .satisfies(
                        e -> {
                            MustUnderstandException m = (MustUnderstandException) e;
                            assertThat(m.eventType()).isEqualTo(UNKNOWN_TYPE);
                            assertThat(m.eventId()).isEqualTo(EVENT_ID.toString());
                        });
    }

    @Test
    void decodeWhenTypeUnknownAndNeedNotBeUnderstoodThenSkipped() {
        Decoded decoded =
                codec.decode(
                        headers("dev.grantwire.feed.audit-note.v1", "false"),
                        "{\"anything\":1}".getBytes(UTF_8));

        assertThat(decoded)
                .isEqualTo(
                        new Decoded.Skipped(
                                EVENT_ID.toString(),
                                "dev.grantwire.feed.audit-note.v1",
                                "unknown event type 'dev.grantwire.feed.audit-note.v1', marked"
                                        + " ce_mustunderstand=false"));
    }

    @Test
    void decodeWhenNewerHeartbeatVersionNeedNotBeUnderstoodThenSkipped() {
        Decoded decoded =
                codec.decode(
                        headers("dev.grantwire.feed.heartbeat.v2", "false"),
                        "{\"watermark\":\"later\"}".getBytes(UTF_8));

        assertThat(decoded).isInstanceOf(Decoded.Skipped.class);
        assertThat(((Decoded.Skipped) decoded).type()).isEqualTo("dev.grantwire.feed.heartbeat.v2");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "yes", "0", "False ", "FALSE", "maybe"})
    void decodeWhenTypeUnknownAndMustUnderstandMissingOrGarbledThenFailsClosed(String marking) {
        Map<String, String> headers = headers(UNKNOWN_TYPE, marking);

        assertThatThrownBy(() -> codec.decode(headers, "{}".getBytes(UTF_8)))
                .isInstanceOf(MustUnderstandException.class)
                .hasMessageContaining(
                        marking == null
                                ? "ce_mustunderstand is absent, which counts as true"
                                : "ce_mustunderstand='" + marking + "'");
    }

    @Test
    void decodeWhenTypeHeaderMissingThenFailsClosed() {
        Map<String, String> headers = headers(null, null);

        assertThatThrownBy(() -> codec.decode(headers, "{}".getBytes(UTF_8)))
                .isInstanceOf(MustUnderstandException.class)
                .hasMessageContaining("unknown event type (absent)");
    }

    @Test
    void decodeWhenSpecVersionUnsupportedAndMustUnderstandThenFailsClosed() {
        EncodedEvent encoded = codec.encode(Fixtures.grant(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.put("ce_specversion", "2.0");

        assertThatThrownBy(() -> codec.decode(headers, encoded.value()))
                .isInstanceOf(MustUnderstandException.class)
                .hasMessageContaining("unsupported CloudEvents spec version '2.0'");
    }

    @Test
    void decodeWhenSpecVersionUnsupportedAndNeedNotBeUnderstoodThenSkipped() {
        EncodedEvent encoded = codec.encode(Fixtures.heartbeat(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.put("ce_specversion", "2.0");

        assertThat(codec.decode(headers, encoded.value())).isInstanceOf(Decoded.Skipped.class);
    }

    @Test
    void decodeWhenStructuredModeRecordThenFailsClosed() {
        Map<String, String> headers = Map.of("content-type", "application/cloudevents+json");
        byte[] value =
                ("{\"specversion\":\"1.0\",\"type\":\"dev.grantwire.revocation.created.v1\","
                                + "\"id\":\"1\",\"source\":\"/x\",\"data\":{}}")
                        .getBytes(UTF_8);

        assertThatThrownBy(() -> codec.decode(headers, value))
                .isInstanceOf(MustUnderstandException.class)
                .hasMessageContaining("unsupported CloudEvents spec version (absent)");
    }

    @Test
    void decodeWhenKnownTypeMarkedGarbledThenStillDecoded() {
        EncodedEvent encoded = codec.encode(Fixtures.heartbeat(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.put("ce_mustunderstand", "perhaps");

        assertThat(codec.decode(headers, encoded.value())).isInstanceOf(Decoded.Event.class);
    }

    // ---- additive changes ----

    @Test
    void decodeWhenUnknownFieldsInKnownTypeThenIgnored() {
        byte[] value =
                ("{\"kind\":\"grant\",\"subject\":\""
                                + Fixtures.GRANT_ID
                                + "\","
                                + "\"clientId\":\"build-dashboard\",\"userId\":\"u-7d2f41\","
                                + "\"revokedAt\":1764410520123,\"expiresAt\":1764415990123,"
                                + "\"reason\":\"user_revoked\",\"actor\":\"user:u-7d2f41\","
                                + "\"sequence\":42,\"tenant\":\"acme\","
                                + "\"details\":{\"ip\":\"203.0.113.9\",\"tags\":[1,2]}}")
                        .getBytes(UTF_8);

        Decoded decoded = codec.decode(revocationHeaders(), value);

        assertThat(((Decoded.Event) decoded).event()).isEqualTo(Fixtures.grant());
    }

    @Test
    void decodeWhenOptionalFieldsExplicitlyNullThenSameAsAbsent() {
        byte[] value =
                ("{\"kind\":\"token\",\"subject\":\""
                                + Fixtures.JTI
                                + "\",\"scope\":null,"
                                + "\"clientId\":\"work-items-cli\",\"userId\":\"u-7d2f41\","
                                + "\"revokedAt\":1764410520123,\"cutoff\":null,"
                                + "\"expiresAt\":1764415990123,\"reason\":"
                                + "\"client_revoked_token\",\"actor\":\"client:work-items-cli\","
                                + "\"sequence\":41}")
                        .getBytes(UTF_8);

        Decoded decoded = codec.decode(revocationHeaders(), value);

        assertThat(((Decoded.Event) decoded).event()).isEqualTo(Fixtures.token());
    }

    @Test
    void decodeWhenTimeHasOffsetThenConvertedToUtc() {
        EncodedEvent encoded = codec.encode(Fixtures.grant(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.put("ce_time", "2025-11-29T11:02:00.123456+01:00");

        Decoded decoded = codec.decode(headers, encoded.value());

        assertThat(((Decoded.Event) decoded).time()).isEqualTo(Fixtures.REVOKED_AT);
    }

    @Test
    void decodeWhenContentTypeHasCharsetThenAccepted() {
        EncodedEvent encoded = codec.encode(Fixtures.grant(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.put("content-type", "Application/JSON; charset=utf-8");

        assertThat(codec.decode(headers, encoded.value())).isInstanceOf(Decoded.Event.class);
    }

    @Test
    void decodeWhenOptionalHeadersAbsentThenDecoded() {
        EncodedEvent encoded = codec.encode(Fixtures.client(), SOURCE, EVENT_ID);
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.remove("ce_subject");
        headers.remove("content-type");
        headers.remove("ce_mustunderstand");

        assertThat(codec.decode(headers, encoded.value())).isInstanceOf(Decoded.Event.class);
    }

    // ---- malformed records of known types ----

    @Test
    void decodeWhenJsonMalformedThenMalformedEventException() {
        byte[] value = "{\"kind\":\"grant\",".getBytes(UTF_8);

        assertThatThrownBy(() -> codec.decode(revocationHeaders(), value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith(
                        "malformed dev.grantwire.revocation.created.v1 event '"
                                + EVENT_ID
                                + "': data is not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void decodeWhenDataNotAnObjectThenMalformed() {
        assertMalformed(revocationHeaders(), "[1,2]", "data must be a JSON object but is array");
        assertMalformed(revocationHeaders(), "", "data is empty, expected a JSON object");
    }

    @Test
    void decodeWhenRequiredFieldMissingThenMalformedNamingIt() {
        String json = goldenGrantWithout("\"sequence\":42");

        assertMalformed(revocationHeaders(), json, "field 'sequence' is required");
    }

    @Test
    void decodeWhenFieldMistypedThenMalformedNamingIt() {
        String json = goldenGrant().replace("\"revokedAt\":1764410520123", "\"revokedAt\":\"now\"");

        assertMalformed(
                revocationHeaders(),
                json,
                "field 'revokedAt' must be an integer (int64) but is string \"now\"");
    }

    @Test
    void decodeWhenNumberFractionalThenMalformed() {
        String json = goldenGrant().replace("\"sequence\":42", "\"sequence\":42.5");

        assertMalformed(revocationHeaders(), json, "field 'sequence' must be an integer (int64)");
    }

    @Test
    void decodeWhenStringFieldIsNumberThenMalformed() {
        String json = goldenGrant().replace("\"reason\":\"user_revoked\"", "\"reason\":7");

        assertMalformed(
                revocationHeaders(), json, "field 'reason' must be a string but is number 7");
    }

    @Test
    void decodeWhenFieldDuplicatedThenMalformed() {
        String json = goldenGrant().replace("\"sequence\":42", "\"sequence\":42,\"sequence\":43");

        assertMalformed(revocationHeaders(), json, "Duplicate field 'sequence'");
    }

    @Test
    void decodeWhenKindUnknownInV1ThenMalformed() {
        String json = goldenGrant().replace("\"kind\":\"grant\"", "\"kind\":\"device\"");

        assertMalformed(revocationHeaders(), json, "unknown revocation kind 'device'");
    }

    @Test
    void decodeWhenInvariantBrokenThenMalformedWithTheRule() {
        String json = goldenGrant().replace("\"sequence\":42", "\"sequence\":0");

        assertMalformed(
                revocationHeaders(), json, "RevocationEvent.sequence must be >= 1 but is 0");
    }

    @Test
    void decodeWhenHeartbeatFieldMissingThenMalformed() {
        EncodedEvent encoded = codec.encode(Fixtures.heartbeat(), SOURCE, EVENT_ID);

        assertMalformed(
                encoded.headers(),
                "{\"watermark\":1764410519000,\"emittedAt\":1764410521004}",
                "field 'latestSequence' is required");
    }

    @Test
    void decodeWhenNoValueThenMalformed() {
        assertThatThrownBy(() -> codec.decode(revocationHeaders(), null))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageEndingWith("the record has no data");
    }

    @Test
    void decodeWhenSubjectHeaderDiffersFromKeyThenMalformed() {
        Map<String, String> headers = revocationHeaders();
        headers.put("ce_subject", "grant:00000000-0000-0000-0000-000000000000");

        assertMalformed(
                headers,
                goldenGrant(),
                "header ce_subject 'grant:00000000-0000-0000-0000-000000000000' differs from key"
                        + " grant:"
                        + Fixtures.GRANT_ID);
    }

    @Test
    void decodeWhenRequiredHeaderMissingThenMalformedNamingIt() {
        for (String header : new String[] {"ce_id", "ce_source", "ce_time"}) {
            Map<String, String> headers = revocationHeaders();
            headers.remove(header);

            assertMalformed(headers, goldenGrant(), "header " + header + " is required");
        }
    }

    @Test
    void decodeWhenTimeGarbledThenMalformed() {
        Map<String, String> headers = revocationHeaders();
        headers.put("ce_time", "yesterday");

        assertMalformed(
                headers,
                goldenGrant(),
                "header ce_time must be an RFC 3339 date-time but is 'yesterday'");
    }

    @Test
    void decodeWhenContentTypeNotJsonThenMalformed() {
        Map<String, String> headers = revocationHeaders();
        headers.put("content-type", "application/avro");

        assertMalformed(
                headers,
                goldenGrant(),
                "header content-type must be application/json but is 'application/avro'");
    }

    private void assertMalformed(Map<String, String> headers, String json, String problem) {
        assertThatThrownBy(() -> codec.decode(headers, json.getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(problem)
                .satisfies(
                        e ->
                                assertThat(((MalformedEventException) e).eventType())
                                        .isEqualTo(headers.get("ce_type")));
    }

    private static Map<String, String> headers(String type, String mustUnderstand) {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", EVENT_ID.toString());
        headers.put("ce_source", "/a-newer-producer");
        headers.put("ce_time", "2025-11-29T10:02:00.123Z");
        if (type != null) {
            headers.put("ce_type", type);
        }
        if (mustUnderstand != null) {
            headers.put("ce_mustunderstand", mustUnderstand);
        }
        return headers;
    }

    private static Map<String, String> revocationHeaders() {
        return headers(EventTypes.REVOCATION_CREATED_V1, "true");
    }

    private static String goldenGrant() {
        return Schemas.readResource("golden/revocation-grant.json").toString();
    }

    private static String goldenGrantWithout(String field) {
        String json = goldenGrant();
        assertThat(json).contains("," + field);
        return json.replace("," + field, "");
    }
}

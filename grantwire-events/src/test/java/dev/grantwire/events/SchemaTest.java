package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaTest {

    private final FeedCodec codec = new FeedCodec();

    @Test
    void schemasWhenCheckedAgainstMetaSchemaThenValidDraft202012() {
        for (String resource :
                new String[] {EventSchemas.REVOCATION_CREATED_V1, EventSchemas.FEED_HEARTBEAT_V1}) {
            JsonNode schema = Schemas.readResource(resource);

            assertThat(schema.get("$schema").asText())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.get("description").asText()).isNotBlank();
            assertThat(Schemas.errors(Schemas.metaSchema(), schema)).as(resource).isEmpty();
        }
    }

    @Test
    void metaSchemaWhenSchemaBrokenThenRejectsIt() {
        JsonNode broken = Schemas.readTree("{\"type\":5,\"required\":\"kind\"}".getBytes());

        assertThat(Schemas.errors(Schemas.metaSchema(), broken)).isNotEmpty();
    }

    @Test
    void schemasWhenReadThenEveryPropertyDescribed() {
        for (String resource :
                new String[] {EventSchemas.REVOCATION_CREATED_V1, EventSchemas.FEED_HEARTBEAT_V1}) {
            Schemas.readResource(resource)
                    .get("properties")
                    .fields()
                    .forEachRemaining(
                            field ->
                                    assertThat(field.getValue().path("description").asText())
                                            .as(resource + " " + field.getKey())
                                            .isNotBlank());
        }
    }

    static Stream<FeedEvent> freshEvents() {
        return Stream.of(
                Fixtures.token(),
                Fixtures.grant(),
                Fixtures.client(),
                Fixtures.user(),
                RevocationEvent.builder(RevocationKind.CLIENT, "compromised-app")
                        .scope(RevocationScope.GRANTS)
                        .revokedAt(System.currentTimeMillis())
                        .reason("client_deleted")
                        .actor("service:grant-service")
                        .sequence(Long.MAX_VALUE)
                        .build(RevocationBounds.DEFAULTS),
                new FeedHeartbeat(1, 0, 1),
                Fixtures.heartbeat());
    }

    @ParameterizedTest
    @MethodSource("freshEvents")
    void validateWhenFreshlyEncodedThenConformsToSchema(FeedEvent event) {
        byte[] value = codec.encode(event, Fixtures.SOURCE).value();

        assertThat(Schemas.errors(event.type(), value)).isEmpty();
    }

    static Stream<Arguments> invalidRevocations() {
        return Stream.of(
                Arguments.of("missing sequence", "sequence", null),
                Arguments.of("kind unknown", "kind", "device"),
                Arguments.of("grant subject not a UUID", "subject", "grant-42"),
                Arguments.of("cutoff on a grant", "cutoff", 1764410586000L),
                Arguments.of("scope on a grant", "scope", "grants"),
                Arguments.of("revokedAt as text", "revokedAt", "2025-11-29"),
                Arguments.of("blank reason", "reason", "   "),
                Arguments.of("sequence zero", "sequence", 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRevocations")
    void validateWhenGrantRecordBrokenThenSchemaRejectsIt(String rule, String field, Object value) {
        ObjectNode grant = (ObjectNode) Schemas.readResource("golden/revocation-grant.json");
        set(grant, field, value);

        assertThat(Schemas.errors(Schemas.forType(EventTypes.REVOCATION_CREATED_V1), grant))
                .as(rule)
                .isNotEmpty();
    }

    @Test
    void validateWhenUserScopeTokensThenSchemaRejectsIt() {
        ObjectNode user = (ObjectNode) Schemas.readResource("golden/revocation-user.json");
        user.put("scope", "tokens");

        assertThat(Schemas.errors(Schemas.forType(EventTypes.REVOCATION_CREATED_V1), user))
                .isNotEmpty();
    }

    @Test
    void validateWhenClientWithoutCutoffOrFractionalCutoffThenSchemaRejectsIt() {
        ObjectNode client = (ObjectNode) Schemas.readResource("golden/revocation-client.json");
        client.remove("cutoff");
        assertThat(Schemas.errors(Schemas.forType(EventTypes.REVOCATION_CREATED_V1), client))
                .isNotEmpty();

        client.put("cutoff", 1764410586001L);
        assertThat(Schemas.errors(Schemas.forType(EventTypes.REVOCATION_CREATED_V1), client))
                .isNotEmpty();
    }

    @Test
    void validateWhenUnknownFieldAddedThenSchemaStillAccepts() {
        ObjectNode grant = (ObjectNode) Schemas.readResource("golden/revocation-grant.json");
        grant.put("tenant", "acme");

        assertThat(Schemas.errors(Schemas.forType(EventTypes.REVOCATION_CREATED_V1), grant))
                .isEmpty();
    }

    @Test
    void validateWhenHeartbeatNegativeSequenceThenSchemaRejectsIt() {
        ObjectNode heartbeat = (ObjectNode) Schemas.readResource("golden/feed-heartbeat.json");
        heartbeat.put("latestSequence", -1);

        assertThat(Schemas.errors(Schemas.forType(EventTypes.FEED_HEARTBEAT_V1), heartbeat))
                .isNotEmpty();
    }

    @Test
    void resourceForWhenTypeUnknownThenEmptyAndOpenRefused() {
        assertThat(EventSchemas.resourceFor(EventTypes.REVOCATION_CREATED_V1))
                .contains(EventSchemas.REVOCATION_CREATED_V1);
        assertThat(EventSchemas.resourceFor("dev.grantwire.other.v1")).isEmpty();
        assertThatThrownBy(() -> EventSchemas.open("dev.grantwire.other.v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no schema for event type 'dev.grantwire.other.v1'");
    }

    private static void set(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.remove(field);
        } else if (value instanceof Long number) {
            node.put(field, number);
        } else {
            node.put(field, (String) value);
        }
    }
}

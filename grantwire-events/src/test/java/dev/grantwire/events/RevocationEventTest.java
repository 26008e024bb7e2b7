package dev.grantwire.events;

import static dev.grantwire.events.Fixtures.CUTOFF;
import static dev.grantwire.events.Fixtures.EXPIRES_AT;
import static dev.grantwire.events.Fixtures.GRANT_ID;
import static dev.grantwire.events.Fixtures.JTI;
import static dev.grantwire.events.Fixtures.REVOKED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RevocationEventTest {

    @Test
    void builderWhenTokenThenNoCutoffNoScopeAndExpiryFromBounds() {
        RevocationEvent token = Fixtures.token();

        assertThat(token.key()).isEqualTo("token:" + JTI);
        assertThat(token.cutoff()).isNull();
        assertThat(token.scope()).isNull();
        assertThat(token.expiresAt()).isEqualTo(EXPIRES_AT);
        assertThat(token.type()).isEqualTo("dev.grantwire.revocation.created.v1");
        assertThat(token.eventTime()).isEqualTo(REVOKED_AT);
        assertThat(token.mustUnderstand()).isTrue();
    }

    @Test
    void builderWhenGrantThenKeyIsGrantPrefixAndId() {
        assertThat(Fixtures.grant().key()).isEqualTo("grant:" + GRANT_ID);
        assertThat(Fixtures.grant().cutoff()).isNull();
    }

    @Test
    void builderWhenClientThenCutoffAndClientIdPreset() {
        RevocationEvent client = Fixtures.client();

        assertThat(client.key()).isEqualTo("client:build-dashboard");
        assertThat(client.clientId()).isEqualTo("build-dashboard");
        assertThat(client.scope()).isEqualTo(RevocationScope.TOKENS);
        assertThat(client.cutoff()).isEqualTo(CUTOFF);
        assertThat(client.expiresAt()).isEqualTo(EXPIRES_AT);
    }

    @Test
    void builderWhenUserThenScopeGrantsAndUserIdPreset() {
        RevocationEvent user = Fixtures.user();

        assertThat(user.key()).isEqualTo("user:u-7d2f41");
        assertThat(user.userId()).isEqualTo("u-7d2f41");
        assertThat(user.scope()).isEqualTo(RevocationScope.GRANTS);
        assertThat(user.cutoff()).isEqualTo(CUTOFF);
    }

    @Test
    void builderWhenClientWithoutScopeThenRefused() {
        RevocationEvent.Builder builder =
                RevocationEvent.builder(RevocationKind.CLIENT, "app")
                        .revokedAt(REVOKED_AT)
                        .reason("r")
                        .actor("a")
                        .sequence(1);

        assertThatThrownBy(() -> builder.build(RevocationBounds.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RevocationEvent.scope is required for kind client");
    }

    @Test
    void builderWhenRevokedAtNotSetThenRefused() {
        RevocationEvent.Builder builder =
                RevocationEvent.builder(RevocationKind.GRANT, GRANT_ID)
                        .reason("r")
                        .actor("a")
                        .sequence(1);

        assertThatThrownBy(() -> builder.build(RevocationBounds.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "RevocationEvent.revokedAt must be positive epoch milliseconds but is 0");
    }

    @Test
    void builderWhenReasonNotSetThenRefused() {
        RevocationEvent.Builder builder =
                RevocationEvent.builder(RevocationKind.GRANT, GRANT_ID)
                        .revokedAt(REVOKED_AT)
                        .actor("a")
                        .sequence(1);

        assertThatThrownBy(() -> builder.build(RevocationBounds.DEFAULTS))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RevocationEvent.reason must not be null");
    }

    @Test
    void builderWhenSmallerBoundsThenSmallerMargins() {
        RevocationEvent user =
                RevocationEvent.builder(RevocationKind.USER, "u-1")
                        .revokedAt(1_000_000)
                        .reason("user_left")
                        .actor("admin:a")
                        .sequence(7)
                        .build(RevocationBounds.ofMillis(2_000, 250));

        assertThat(user.cutoff()).isEqualTo(1_003_000L);
        assertThat(user.expiresAt()).isEqualTo(1_000_000L + 5_400_000 + 2_000 + 500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEvents")
    void constructorWhenInvariantBrokenThenRefusedWithMessage(
            String rule, Supplier<RevocationEvent> event, String message) {
        assertThatThrownBy(event::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                broken(
                        "sequence 0",
                        () -> grant(GRANT_ID, null, null, "r", "a", 0),
                        "RevocationEvent.sequence must be >= 1 but is 0"),
                broken(
                        "negative sequence",
                        () -> grant(GRANT_ID, null, null, "r", "a", -5),
                        "RevocationEvent.sequence must be >= 1 but is -5"),
                broken(
                        "expiresAt equal to revokedAt",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.GRANT,
                                        GRANT_ID,
                                        null,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        null,
                                        REVOKED_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.expiresAt (1764410520123) must be after revokedAt"
                                + " (1764410520123)"),
                broken(
                        "revokedAt zero",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.GRANT,
                                        GRANT_ID,
                                        null,
                                        null,
                                        null,
                                        0,
                                        null,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.revokedAt must be positive epoch milliseconds but is 0"),
                broken(
                        "grant subject not a UUID",
                        () -> grant("grant-42", null, null, "r", "a", 1),
                        "RevocationEvent.subject must be a UUID in canonical lowercase text for"
                                + " kind grant but is 'grant-42'"),
                broken(
                        "token subject in upper case",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.TOKEN,
                                        JTI.toUpperCase(),
                                        null,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        null,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.subject must be a UUID in canonical lowercase text for"
                                + " kind token but is '"
                                + JTI.toUpperCase()
                                + "'"),
                broken(
                        "client subject empty",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.CLIENT,
                                        "",
                                        RevocationScope.TOKENS,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.subject must have 1 to 255 characters but has 0"),
                broken(
                        "user subject with a space",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.USER,
                                        "u 1",
                                        RevocationScope.GRANTS,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.subject must not contain whitespace or control"
                                + " characters"),
                broken(
                        "clientId too long",
                        () -> grant(GRANT_ID, "c".repeat(256), null, "r", "a", 1),
                        "RevocationEvent.clientId must have 1 to 255 characters but has 256"),
                broken(
                        "userId with a newline",
                        () -> grant(GRANT_ID, null, "u\n1", "r", "a", 1),
                        "RevocationEvent.userId must not contain whitespace or control"
                                + " characters"),
                broken(
                        "clientId differs from a client subject",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.CLIENT,
                                        "app-a",
                                        RevocationScope.TOKENS,
                                        "app-b",
                                        null,
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.clientId must equal subject for kind client (or be"
                                + " null)"),
                broken(
                        "userId differs from a user subject",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.USER,
                                        "u-1",
                                        RevocationScope.GRANTS,
                                        null,
                                        "u-2",
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.userId must equal subject for kind user (or be null)"),
                broken(
                        "blank reason",
                        () -> grant(GRANT_ID, null, null, "  ", "a", 1),
                        "RevocationEvent.reason must not be blank"),
                broken(
                        "reason too long",
                        () -> grant(GRANT_ID, null, null, "r".repeat(1025), "a", 1),
                        "RevocationEvent.reason must have at most 1024 characters but has 1025"),
                broken(
                        "blank actor",
                        () -> grant(GRANT_ID, null, null, "r", "", 1),
                        "RevocationEvent.actor must not be blank"),
                broken(
                        "scope on a grant",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.GRANT,
                                        GRANT_ID,
                                        RevocationScope.GRANTS,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        null,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.scope must be null for kind grant"),
                broken(
                        "cutoff on a token",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.TOKEN,
                                        JTI,
                                        null,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.cutoff must be null for kind token"),
                broken(
                        "client without scope",
                        () -> Fixtures.clientWith(null, CUTOFF, REVOKED_AT, EXPIRES_AT),
                        "RevocationEvent.scope is required for kind client"),
                broken(
                        "client without cutoff",
                        () ->
                                Fixtures.clientWith(
                                        RevocationScope.TOKENS, null, REVOKED_AT, EXPIRES_AT),
                        "RevocationEvent.cutoff is required for kind client"),
                broken(
                        "user with scope tokens",
                        () ->
                                new RevocationEvent(
                                        RevocationKind.USER,
                                        "u-1",
                                        RevocationScope.TOKENS,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        CUTOFF,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1),
                        "RevocationEvent.scope must be grants for kind user but is tokens"),
                broken(
                        "cutoff not a whole second",
                        () ->
                                Fixtures.clientWith(
                                        RevocationScope.TOKENS, CUTOFF + 1, REVOKED_AT, EXPIRES_AT),
                        "RevocationEvent.cutoff must be a whole second but is 1764410586001"),
                broken(
                        "cutoff before revokedAt",
                        () ->
                                Fixtures.clientWith(
                                        RevocationScope.GRANTS,
                                        1_764_410_520_000L,
                                        REVOKED_AT,
                                        EXPIRES_AT),
                        "RevocationEvent.cutoff (1764410520000) must be after revokedAt"
                                + " (1764410520123) and before expiresAt (1764415990123)"),
                broken(
                        "cutoff after expiresAt",
                        () ->
                                Fixtures.clientWith(
                                        RevocationScope.GRANTS,
                                        1_764_415_991_000L,
                                        REVOKED_AT,
                                        EXPIRES_AT),
                        "RevocationEvent.cutoff (1764415991000) must be after revokedAt"
                                + " (1764410520123) and before expiresAt (1764415990123)"));
    }

    @Test
    void constructorWhenRequiredReferenceNullThenRefusedNamingIt() {
        assertThatThrownBy(
                        () ->
                                new RevocationEvent(
                                        null,
                                        GRANT_ID,
                                        null,
                                        null,
                                        null,
                                        REVOKED_AT,
                                        null,
                                        EXPIRES_AT,
                                        "r",
                                        "a",
                                        1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RevocationEvent.kind must not be null");
        assertThatThrownBy(() -> grant(null, null, null, "r", "a", 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RevocationEvent.subject must not be null");
        assertThatThrownBy(() -> grant(GRANT_ID, null, null, null, "a", 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RevocationEvent.reason must not be null");
        assertThatThrownBy(() -> grant(GRANT_ID, null, null, "r", null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("RevocationEvent.actor must not be null");
    }

    @Test
    void kindsWhenReadThenJsonNamesAndKeyPrefixesMatch() {
        assertThat(RevocationKind.values())
                .extracting(RevocationKind::jsonName, RevocationKind::keyPrefix)
                .containsExactly(
                        tuple("token", "token:"),
                        tuple("grant", "grant:"),
                        tuple("client", "client:"),
                        tuple("user", "user:"));
        for (RevocationKind kind : RevocationKind.values()) {
            assertThat(RevocationKind.fromJsonName(kind.jsonName())).isSameAs(kind);
        }
    }

    @Test
    void fromJsonNameWhenUnknownOrWrongCaseThenRefused() {
        assertThatThrownBy(() -> RevocationKind.fromJsonName("device"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown revocation kind 'device'");
        assertThatThrownBy(() -> RevocationKind.fromJsonName("TOKEN"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevocationScope.fromJsonName("everything"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown revocation scope 'everything' (expected tokens or grants)");
        assertThat(RevocationScope.fromJsonName("tokens")).isEqualTo(RevocationScope.TOKENS);
        assertThat(RevocationScope.fromJsonName("grants")).isEqualTo(RevocationScope.GRANTS);
    }

    private static Arguments broken(String rule, Supplier<RevocationEvent> event, String message) {
        return Arguments.of(rule, event, message);
    }

    private static RevocationEvent grant(
            String subject,
            String clientId,
            String userId,
            String reason,
            String actor,
            long sequence) {
        return new RevocationEvent(
                RevocationKind.GRANT,
                subject,
                null,
                clientId,
                userId,
                REVOKED_AT,
                null,
                EXPIRES_AT,
                reason,
                actor,
                sequence);
    }
}

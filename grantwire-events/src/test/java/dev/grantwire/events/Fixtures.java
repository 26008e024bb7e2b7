package dev.grantwire.events;

/** Events used across tests: the values of the golden records. */
final class Fixtures {

    /** 2025-11-29T10:02:00.123Z */
    static final long REVOKED_AT = 1_764_410_520_123L;

    /** REVOKED_AT + 60 s + 5 s = ...585_123, rounded up to a whole second. */
    static final long CUTOFF = 1_764_410_586_000L;

    /** REVOKED_AT + 90 min + 60 s + 2 * 5 s = REVOKED_AT + 5_470_000. */
    static final long EXPIRES_AT = 1_764_415_990_123L;

    static final String JTI = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final String GRANT_ID = "9b2e7c1a-44d0-4f3e-a2b5-6c8d9e0f1a2b";
    static final String USER_ID = "u-7d2f41";
    static final String SOURCE = "/revocation-service";

    private Fixtures() {}

    static RevocationEvent token() {
        return RevocationEvent.builder(RevocationKind.TOKEN, JTI)
                .clientId("work-items-cli")
                .userId(USER_ID)
                .revokedAt(REVOKED_AT)
                .reason("client_revoked_token")
                .actor("client:work-items-cli")
                .sequence(41)
                .build(RevocationBounds.DEFAULTS);
    }

    static RevocationEvent grant() {
        return RevocationEvent.builder(RevocationKind.GRANT, GRANT_ID)
                .clientId("build-dashboard")
                .userId(USER_ID)
                .revokedAt(REVOKED_AT)
                .reason("user_revoked")
                .actor("user:" + USER_ID)
                .sequence(42)
                .build(RevocationBounds.DEFAULTS);
    }

    static RevocationEvent client() {
        return RevocationEvent.builder(RevocationKind.CLIENT, "build-dashboard")
                .scope(RevocationScope.TOKENS)
                .revokedAt(REVOKED_AT)
                .reason("client_secret_regenerated")
                .actor("admin:u-0a11ce")
                .sequence(43)
                .build(RevocationBounds.DEFAULTS);
    }

    static RevocationEvent user() {
        return RevocationEvent.builder(RevocationKind.USER, USER_ID)
                .revokedAt(REVOKED_AT)
                .reason("user_left")
                .actor("admin:u-0a11ce")
                .sequence(44)
                .build(RevocationBounds.DEFAULTS);
    }

    static FeedHeartbeat heartbeat() {
        return new FeedHeartbeat(1_764_410_519_000L, 44, 1_764_410_521_004L);
    }

    /** Canonical-constructor arguments of {@link #client()}, for tests that break one. */
    static RevocationEvent clientWith(
            RevocationScope scope, Long cutoff, long revokedAt, long expiresAt) {
        return new RevocationEvent(
                RevocationKind.CLIENT,
                "build-dashboard",
                scope,
                "build-dashboard",
                null,
                revokedAt,
                cutoff,
                expiresAt,
                "client_secret_regenerated",
                "admin:u-0a11ce",
                43);
    }
}

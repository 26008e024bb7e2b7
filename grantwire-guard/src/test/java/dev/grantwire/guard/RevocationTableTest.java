package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.guard.RevocationTable.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevocationTableTest {

    private static final long NOW = 1_795_000_000_000L;
    private static final RevocationBounds BOUNDS = RevocationBounds.DEFAULTS;

    private final RevocationTable table = new RevocationTable();

    @Test
    void checkWhenTokenRevokedThenOnlyThatJtiIsRefused() {
        UUID jti = UUID.randomUUID();
        table.apply(event(RevocationKind.TOKEN, jti.toString(), NOW, 1));

        assertThat(table.check(jti, UUID.randomUUID(), "app", "u1", NOW))
                .isEqualTo(Verdict.TOKEN_REVOKED);
        assertThat(table.check(UUID.randomUUID(), UUID.randomUUID(), "app", "u1", NOW))
                .isEqualTo(Verdict.NONE);
    }

    @Test
    void checkWhenGrantRevokedThenTokensOfAnyIatAreRefused() {
        UUID grant = UUID.randomUUID();
        table.apply(event(RevocationKind.GRANT, grant.toString(), NOW, 1));

        assertThat(table.check(UUID.randomUUID(), grant, "app", "u1", NOW - 60_000))
                .isEqualTo(Verdict.GRANT_REVOKED);
        assertThat(table.check(UUID.randomUUID(), grant, "app", "u1", NOW + 3_600_000))
                .isEqualTo(Verdict.GRANT_REVOKED);
        assertThat(table.check(UUID.randomUUID(), null, "app", "u1", NOW)).isEqualTo(Verdict.NONE);
    }

    @Test
    void checkWhenClientRevokedThenTokensIssuedBeforeTheCutoffAreRefusedAndLaterOnesPass() {
        RevocationEvent revoked =
                RevocationEvent.builder(RevocationKind.CLIENT, "app")
                        .scope(RevocationScope.TOKENS)
                        .revokedAt(NOW)
                        .reason("secret regenerated")
                        .actor("admin")
                        .sequence(1)
                        .build(BOUNDS);
        table.apply(revoked);
        long cutoff = revoked.cutoff();

        assertThat(table.check(UUID.randomUUID(), null, "app", null, cutoff - 1))
                .isEqualTo(Verdict.CLIENT_REVOKED);
        assertThat(table.check(UUID.randomUUID(), null, "app", null, cutoff))
                .isEqualTo(Verdict.NONE);
        assertThat(table.check(UUID.randomUUID(), null, "other-app", null, NOW))
                .isEqualTo(Verdict.NONE);
    }

    @Test
    void checkWhenUserRevokedThenOnlyThatUsersEarlierTokensAreRefused() {
        RevocationEvent revoked =
                RevocationEvent.builder(RevocationKind.USER, "u1")
                        .revokedAt(NOW)
                        .reason("user left")
                        .actor("admin")
                        .sequence(1)
                        .build(BOUNDS);
        table.apply(revoked);

        assertThat(table.check(UUID.randomUUID(), null, "app", "u1", NOW))
                .isEqualTo(Verdict.USER_REVOKED);
        assertThat(table.check(UUID.randomUUID(), null, "app", "u2", NOW)).isEqualTo(Verdict.NONE);
        assertThat(table.check(UUID.randomUUID(), null, "app", "u1", revoked.cutoff()))
                .isEqualTo(Verdict.NONE);
    }

    @Test
    void applyWhenEventsArriveInAnyOrderWithDuplicatesThenTheOutcomeIsTheSame() {
        List<RevocationEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String client = "app-" + (i % 5);
            events.add(
                    RevocationEvent.builder(RevocationKind.CLIENT, client)
                            .scope(RevocationScope.GRANTS)
                            .revokedAt(NOW + i * 10_000L)
                            .reason("r")
                            .actor("a")
                            .sequence(i + 1)
                            .build(BOUNDS));
        }
        RevocationTable inOrder = new RevocationTable();
        events.forEach(inOrder::apply);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<RevocationEvent> shuffled = new ArrayList<>(events);
            shuffled.addAll(events.subList(0, random.nextInt(events.size())));
            Collections.shuffle(shuffled, random);
            RevocationTable other = new RevocationTable();
            shuffled.forEach(other::apply);
            for (int c = 0; c < 5; c++) {
                for (long iat = NOW; iat < NOW + 600_000; iat += 7_000) {
                    assertThat(other.check(UUID.randomUUID(), null, "app-" + c, null, iat))
                            .isEqualTo(
                                    inOrder.check(UUID.randomUUID(), null, "app-" + c, null, iat));
                }
            }
            assertThat(other.size()).isEqualTo(5);
        }
    }

    @Test
    void purgeWhenEntriesExpiredThenOnlyThoseAreDropped() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        RevocationEvent oldEvent = event(RevocationKind.GRANT, old.toString(), NOW, 1);
        table.apply(oldEvent);
        table.apply(event(RevocationKind.GRANT, recent.toString(), NOW + 600_000, 2));

        assertThat(table.purgeExpired(oldEvent.expiresAt())).isZero();
        assertThat(table.purgeExpired(oldEvent.expiresAt() + 1)).isEqualTo(1);

        assertThat(table.isGrantRevoked(old)).isFalse();
        assertThat(table.isGrantRevoked(recent)).isTrue();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void checkTokenWhenUserIdIsAUuidThenIatBeforeCutoffRefusedAndAtCutoffServed() {
        UUID user = UUID.randomUUID();
        RevocationEvent revoked =
                RevocationEvent.builder(RevocationKind.USER, user.toString())
                        .revokedAt(NOW)
                        .reason("user left")
                        .actor("admin")
                        .sequence(1)
                        .build(BOUNDS);
        table.apply(revoked);

        assertThat(table.check(token(user.toString(), "app", null, revoked.cutoff() - 1)))
                .isEqualTo(Verdict.USER_REVOKED);
        assertThat(table.check(token(user.toString(), "app", null, revoked.cutoff())))
                .isEqualTo(Verdict.NONE);
        assertThat(table.check(token(UUID.randomUUID().toString(), "app", null, NOW)))
                .isEqualTo(Verdict.NONE);
        assertThat(table.check(user, null, "app", user.toString(), revoked.cutoff() - 1))
                .isEqualTo(Verdict.USER_REVOKED);
    }

    @Test
    void checkTokenWhenEachKindRevokedThenTheMatchingVerdict() {
        UUID grant = UUID.randomUUID();
        VerifiedToken byGrant = token(UUID.randomUUID().toString(), "app", grant, NOW);
        VerifiedToken other = token(UUID.randomUUID().toString(), "app", UUID.randomUUID(), NOW);
        VerifiedToken service = token("svc", "svc", null, NOW);
        assertThat(table.check(byGrant)).isEqualTo(Verdict.NONE);

        table.apply(event(RevocationKind.GRANT, grant.toString(), NOW, 1));
        table.apply(event(RevocationKind.TOKEN, other.jti().toString(), NOW, 2));
        table.apply(
                RevocationEvent.builder(RevocationKind.CLIENT, "svc")
                        .scope(RevocationScope.TOKENS)
                        .revokedAt(NOW)
                        .reason("r")
                        .actor("a")
                        .sequence(3)
                        .build(BOUNDS));

        assertThat(table.check(byGrant)).isEqualTo(Verdict.GRANT_REVOKED);
        assertThat(table.check(other)).isEqualTo(Verdict.TOKEN_REVOKED);
        assertThat(table.check(service)).isEqualTo(Verdict.CLIENT_REVOKED);
        assertThat(table.check(token("svc", "svc", null, NOW + 3_600_000))).isEqualTo(Verdict.NONE);
    }

    @Test
    void applyWhenTenThousandGrantsThenEveryOneIsFoundAndPurgedInTime() {
        List<UUID> grants = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            UUID grant = UUID.randomUUID();
            grants.add(grant);
            table.apply(event(RevocationKind.GRANT, grant.toString(), NOW + i, i + 1));
        }
        assertThat(table.size()).isEqualTo(10_000);
        assertThat(grants).allMatch(table::isGrantRevoked);

        long firstExpiry = BOUNDS.expiresAt(NOW);
        assertThat(table.purgeExpired(firstExpiry + 5_000)).isEqualTo(5_000);
        assertThat(table.isGrantRevoked(grants.get(4_999))).isFalse();
        assertThat(table.isGrantRevoked(grants.get(5_000))).isTrue();
    }

    private static VerifiedToken token(String sub, String clientId, UUID grant, long iat) {
        return new VerifiedToken(
                sub,
                clientId,
                "work_items.read",
                List.of("urn:grantwire:api:work-items"),
                UUID.randomUUID(),
                grant,
                iat,
                iat + 1_800_000,
                "k1");
    }

    private static RevocationEvent event(
            RevocationKind kind, String subject, long revokedAt, long sequence) {
        return RevocationEvent.builder(kind, subject)
                .revokedAt(revokedAt)
                .reason("test")
                .actor("test")
                .sequence(sequence)
                .build(BOUNDS);
    }
}

package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessGuardTest {

    private static final long NOW = 1_795_000_000_000L;
    private static final Duration B = Duration.ofSeconds(60);
    private static final Duration S = Duration.ofSeconds(5);
    private static RSAKey key;

    private final TestIssuer issuer = new TestIssuer();
    private final AtomicLong clock = new AtomicLong(NOW);
    private final JwksKeySource keys =
            new JwksKeySource(
                    issuer.jwksUrl(), Duration.ofMinutes(5), Duration.ofSeconds(10), clock::get);
    private final RevocationTable table = new RevocationTable();
    private final Feed feed = new Feed();
    private final List<Refusal> refusals = new ArrayList<>();
    private final AccessGuard guard =
            new AccessGuard(
                    new TokenVerifier(TestIssuer.ISSUER, List.of(TestIssuer.AUDIENCE), S, S, keys),
                    keys,
                    table,
                    feed,
                    B,
                    S,
                    100,
                    new GuardObserver() {
                        @Override
                        public void refused(Refusal refusal) {
                            refusals.add(refusal);
                        }
                    });

    /** A feed whose progress the test sets (the real reader is tested in FeedReaderTest). */
    static final class Feed implements FeedView {
        volatile boolean caughtUp = true;
        volatile long watermark = NOW;
        volatile boolean failedClosed;
        volatile boolean clockBehind;

        @Override
        public boolean clockBehindBeyondSkew() {
            return clockBehind;
        }

        @Override
        public boolean caughtUp() {
            return caughtUp;
        }

        @Override
        public long watermark() {
            return watermark;
        }

        @Override
        public boolean failedClosed() {
            return failedClosed;
        }
    }

    @BeforeAll
    static void keys() {
        key = TestIssuer.newKey("k1");
    }

    @AfterEach
    void stop() {
        keys.close();
        issuer.close();
    }

    @Test
    void authorizeWhenNoHeaderOrNotBearerThenMissing() {
        assertRefused(null, Refusal.MISSING_TOKEN);
        assertRefused("Basic dXNlcjpwYXNz", Refusal.MISSING_TOKEN);
        assertRefused("Bearer ", Refusal.MISSING_TOKEN);
        assertThat(refusals).containsOnly(Refusal.MISSING_TOKEN);
    }

    @Test
    void authorizeWhenValidThenTokenIsVerifiedOnceAndCached() throws Exception {
        issuer.publish(key);
        String header = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());

        VerifiedToken first = guard.authorize(header, NOW);
        VerifiedToken second = guard.authorize(header, NOW + 1);

        assertThat(second).isSameAs(first);
        assertThat(guard.cachedTokens()).isEqualTo(1);
        assertThat(issuer.fetches()).isEqualTo(1);
    }

    @Test
    void authorizeWhenCachedTokenExpiresThenExpiredOnTheNextRequest() throws Exception {
        issuer.publish(key);
        long exp = NOW + 10_000;
        String header =
                bearer(
                        TestIssuer.delegated(NOW / 1000 - 60, UUID.randomUUID())
                                .expirationTime(new Date(exp))
                                .build());
        guard.authorize(header, NOW);
        feed.watermark = exp + S.toMillis() + 1;

        assertThat(guard.authorize(header, exp + S.toMillis())).isNotNull();
        assertRefusedAt(header, exp + S.toMillis() + 1, Refusal.EXPIRED_TOKEN);
        assertThat(guard.cachedTokens()).isZero();
    }

    @Test
    void authorizeWhenCachedTokenIsRevokedLaterThenRefusedForEveryKind() throws Exception {
        issuer.publish(key);
        UUID grant = UUID.randomUUID();
        var claims = TestIssuer.delegated(NOW / 1000 - 60, grant).build();
        String header = bearer(claims);
        guard.authorize(header, NOW);

        table.apply(event(RevocationKind.GRANT, grant.toString()));
        assertRefused(header, Refusal.REVOKED_TOKEN);

        String byJti = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        VerifiedToken token = guard.authorize(byJti, NOW);
        table.apply(event(RevocationKind.TOKEN, token.jti().toString()));
        assertRefused(byJti, Refusal.REVOKED_TOKEN);

        String byUser = bearer(TestIssuer.delegated(NOW / 1000 - 60, UUID.randomUUID()).build());
        VerifiedToken userToken = guard.authorize(byUser, NOW);
        table.apply(
                RevocationEvent.builder(RevocationKind.USER, userToken.subject())
                        .revokedAt(NOW)
                        .reason("user left")
                        .actor("admin:1")
                        .sequence(3)
                        .build(RevocationBounds.DEFAULTS));
        assertRefused(byUser, Refusal.REVOKED_TOKEN);

        String byClient = bearer(TestIssuer.service(NOW / 1000 - 60).build());
        guard.authorize(byClient, NOW);
        table.apply(
                RevocationEvent.builder(RevocationKind.CLIENT, "build-bot")
                        .scope(RevocationScope.TOKENS)
                        .revokedAt(NOW)
                        .reason("secret regenerated")
                        .actor("admin:1")
                        .sequence(4)
                        .build(RevocationBounds.DEFAULTS));
        assertRefused(byClient, Refusal.REVOKED_TOKEN);
    }

    @Test
    void authorizeWhenNotCaughtUpOrNoWatermarkThenNotReadyForEveryToken() throws Exception {
        issuer.publish(key);
        String delegated = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        String service = bearer(TestIssuer.service(NOW / 1000).build());
        feed.caughtUp = false;
        assertRefused(delegated, Refusal.NOT_READY);
        assertRefused(service, Refusal.NOT_READY);
        feed.caughtUp = true;
        feed.watermark = -1;
        assertRefused(service, Refusal.NOT_READY);

        feed.watermark = NOW;
        assertThat(guard.authorize(service, NOW)).isNotNull();
        // Once ready, never "not ready" again, even if the feed restarts.
        feed.caughtUp = false;
        assertThat(guard.authorize(delegated, NOW)).isNotNull();
        assertThat(guard.isReady()).isTrue();
    }

    @Test
    void authorizeWhenWatermarkOlderThanBThenDelegatedRefusedServiceServedAndRecovers()
            throws Exception {
        issuer.publish(key);
        String delegated = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        String service = bearer(TestIssuer.service(NOW / 1000).build());
        long late = NOW + B.toMillis() + 1;

        assertThat(guard.authorize(delegated, NOW + B.toMillis())).isNotNull();
        assertThatThrownBy(() -> guard.authorize(delegated, late))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> {
                            assertThat(e.refusal()).isEqualTo(Refusal.STALE_FEED);
                            assertThat(e.retryAfterSeconds()).isEqualTo(5);
                        });
        assertThat(guard.authorize(service, late).clientId()).isEqualTo("build-bot");

        feed.watermark = late;
        assertThat(guard.authorize(delegated, late)).isNotNull();
    }

    @Test
    void authorizeWhenFeedFailedClosedThenDelegatedRefused() throws Exception {
        issuer.publish(key);
        String delegated = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        feed.failedClosed = true;
        assertRefused(delegated, Refusal.STALE_FEED);
        assertThat(guard.authorize(bearer(TestIssuer.service(NOW / 1000).build()), NOW))
                .isNotNull();
    }

    @Test
    void authorizeWhenThisClockIsBehindBeyondSkewThenDelegatedRefusedUntilItIsBack()
            throws Exception {
        issuer.publish(key);
        String delegated = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        assertThat(guard.authorize(delegated, NOW)).isNotNull();

        feed.clockBehind = true;
        assertRefused(delegated, Refusal.STALE_FEED);
        assertThat(guard.authorize(bearer(TestIssuer.service(NOW / 1000).build()), NOW))
                .isNotNull();

        feed.clockBehind = false;
        assertThat(guard.authorize(delegated, NOW)).isNotNull();
    }

    @Test
    void authorizeWhenSigningKeyWithdrawnThenCachedTokenRefused() throws Exception {
        issuer.publish(key);
        String header = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        guard.authorize(header, NOW);

        issuer.withdraw(key);
        keys.refresh();

        assertRefused(header, Refusal.INVALID_TOKEN);
    }

    @Test
    void authorizeWhenCacheFullThenItStaysBounded() throws Exception {
        issuer.publish(key);
        for (int i = 0; i < 250; i++) {
            guard.authorize(bearer(TestIssuer.service(NOW / 1000).build()), NOW);
        }
        assertThat(guard.cachedTokens()).isBetween(1, 100);
    }

    @Test
    void authorizeWhenCacheFullThenAnEighthIsFreedAndTheNewTokenKept() throws Exception {
        issuer.publish(key);
        for (int i = 0; i < 100; i++) {
            guard.authorize(bearer(TestIssuer.service(NOW / 1000).build()), NOW);
        }
        assertThat(guard.cachedTokens()).isEqualTo(100);
        String newest = bearer(TestIssuer.service(NOW / 1000).build());

        VerifiedToken verified = guard.authorize(newest, NOW);

        // 100 full: 12 evicted in one pass, then the new one added.
        assertThat(guard.cachedTokens()).isEqualTo(89);
        assertThat(guard.authorize(newest, NOW)).isSameAs(verified);
    }

    @Test
    void authorizeWhenTokenCachedThenHundredThousandChecksAllocateNearlyNothing() throws Exception {
        issuer.publish(key);
        String delegated = bearer(TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        String service = bearer(TestIssuer.service(NOW / 1000).build());
        // Revocations of other keys of every kind, so every lookup finds a populated table.
        for (int i = 0; i < 1000; i++) {
            table.apply(event(RevocationKind.GRANT, UUID.randomUUID().toString()));
            table.apply(event(RevocationKind.TOKEN, UUID.randomUUID().toString()));
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += guard.authorize(delegated, NOW).issuedAtMillis();
            sink += guard.authorize(service, NOW).issuedAtMillis();
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 50_000; i++) {
            sink += guard.authorize(delegated, NOW).issuedAtMillis();
            sink += guard.authorize(service, NOW).issuedAtMillis();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(sink).isPositive();
        // 100,000 checks: a single object per check would be 1.6 MB at least.
        assertThat(allocated).isLessThan(64 * 1024);
    }

    private String bearer(com.nimbusds.jwt.JWTClaimsSet claims) {
        return "Bearer " + TestIssuer.sign(key, claims);
    }

    private void assertRefused(String header, Refusal refusal) {
        assertRefusedAt(header, NOW, refusal);
    }

    private void assertRefusedAt(String header, long now, Refusal refusal) {
        assertThatThrownBy(() -> guard.authorize(header, now))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    private static RevocationEvent event(RevocationKind kind, String subject) {
        return RevocationEvent.builder(kind, subject)
                .revokedAt(NOW)
                .reason("test")
                .actor("test")
                .sequence(1)
                .build(RevocationBounds.DEFAULTS);
    }
}

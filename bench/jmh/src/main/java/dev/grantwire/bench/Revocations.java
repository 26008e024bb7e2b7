package dev.grantwire.bench;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.guard.RevocationTable;
import java.util.SplittableRandom;
import java.util.UUID;

/** Fills a {@link RevocationTable} with revocations of random ids, through the real apply path. */
final class Revocations {

    /** Which kinds of revocation a table holds. */
    enum Mix {
        /**
         * Half token ({@code jti}), half grant revocations: what users revoking authorizations and
         * apps revoking tokens (RFC 7009) leave behind. Both live in primitive UUID tables.
         */
        TOKENS_AND_GRANTS,
        /**
         * Only app-wide revocations ({@code app-<n>} client ids): kept in a hash map by string, the
         * guard's costliest entry, and rare (one per app whose secret is regenerated).
         */
        CLIENTS
    }

    private Revocations() {}

    /**
     * Applies {@code count} revocations of distinct random ids, recorded one second before {@link
     * GuardFixture#NOW} (so all are still held). The same seed gives the same ids.
     */
    static void seed(RevocationTable table, Mix mix, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            table.apply(event(mix, i, random));
        }
    }

    /** A revocation of that grant, as revocation-service publishes when a user revokes it. */
    static RevocationEvent grant(UUID grant, long sequence) {
        return RevocationEvent.builder(RevocationKind.GRANT, grant.toString())
                .clientId(BenchIssuer.CLIENT_ID)
                .revokedAt(GuardFixture.NOW - 1000)
                .reason("user_revoked")
                .actor("user:bench")
                .sequence(sequence)
                .build(RevocationBounds.DEFAULTS);
    }

    private static RevocationEvent event(Mix mix, int i, SplittableRandom random) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        RevocationEvent.Builder builder;
        if (mix == Mix.CLIENTS) {
            builder =
                    RevocationEvent.builder(RevocationKind.CLIENT, "app-" + i)
                            .scope(RevocationScope.TOKENS);
        } else if (i % 2 == 0) {
            builder = RevocationEvent.builder(RevocationKind.GRANT, id);
        } else {
            builder = RevocationEvent.builder(RevocationKind.TOKEN, id);
        }
        return builder.revokedAt(GuardFixture.NOW - 1000)
                .reason("bench")
                .actor("service:bench")
                .sequence(i + 1L)
                .build(RevocationBounds.DEFAULTS);
    }
}

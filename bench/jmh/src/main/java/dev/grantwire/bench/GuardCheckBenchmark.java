package dev.grantwire.bench;

import dev.grantwire.guard.AccessGuard;
import dev.grantwire.guard.AccessRefusedException;
import dev.grantwire.guard.Refusal;
import dev.grantwire.guard.RevocationTable;
import dev.grantwire.guard.VerifiedToken;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request-time check of grantwire-guard, {@link AccessGuard#authorize(String, long)}, on one
 * thread, with 0, 10k or 1M revocations held (half token, half grant revocations of other ids).
 *
 * <ul>
 *   <li>{@code cachedValid}: the same header every call, verified once in setup: a cache hit, the
 *       key check, {@code exp}, readiness, four revocation lookups, the staleness check. This is
 *       the path of almost every request, and it must allocate nothing.
 *   <li>{@code cachedValidMany}: 4096 cached tokens in turn, see {@link CachedMany}.
 *   <li>{@code cachedRevoked}: a cached token whose grant is revoked: the refusal path (token
 *       lookup misses, grant lookup hits, an {@link AccessRefusedException} is thrown and caught).
 *   <li>{@code firstSeen}: a header the guard has never seen, see {@link FirstSeen}.
 * </ul>
 *
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardCheckBenchmark {

    /** A guard with one cached valid token and one cached revoked token. */
    @State(Scope.Benchmark)
    public static class Cached {

        /** Revocations held besides the revoked token's own grant revocation. */
        @Param({"0", "10000", "1000000"})
        public int revocations;

        AccessGuard guard;
        String valid;
        String revoked;

        @Setup(Level.Trial)
        public void setUp() throws AccessRefusedException {
            BenchIssuer issuer = new BenchIssuer();
            RevocationTable table = new RevocationTable();
            Revocations.seed(table, Revocations.Mix.TOKENS_AND_GRANTS, revocations, 42);
            guard = GuardFixture.guard(issuer.keySource(), table, GuardFixture.DEFAULT_CACHE_SIZE);

            valid = issuer.bearer(UUID.randomUUID(), UUID.randomUUID());
            guard.authorize(valid, GuardFixture.NOW);

            UUID revokedGrant = UUID.randomUUID();
            revoked = issuer.bearer(UUID.randomUUID(), revokedGrant);
            guard.authorize(revoked, GuardFixture.NOW);
            table.apply(Revocations.grant(revokedGrant, revocations + 1L));
        }
    }

    /**
     * {@link #tokens} distinct tokens, all cached, checked in turn: the same path as {@code
     * cachedValid}, but each check looks up other slots of the cache and of the revocation tables,
     * as a service with many active users does. With a single hot token every lookup hits the CPU
     * caches whatever the table size; here a large table's lookups miss them.
     */
    @State(Scope.Benchmark)
    public static class CachedMany {

        @Param({"0", "10000", "1000000"})
        public int revocations;

        /** Cached tokens checked in turn (at most the cache size). */
        @Param({"4096"})
        public int tokens;

        AccessGuard guard;
        String[] headers;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws AccessRefusedException {
            BenchIssuer issuer = new BenchIssuer();
            RevocationTable table = new RevocationTable();
            Revocations.seed(table, Revocations.Mix.TOKENS_AND_GRANTS, revocations, 42);
            guard = GuardFixture.guard(issuer.keySource(), table, GuardFixture.DEFAULT_CACHE_SIZE);
            headers = new String[tokens];
            for (int i = 0; i < tokens; i++) {
                headers[i] = issuer.bearer(UUID.randomUUID(), UUID.randomUUID());
                guard.authorize(headers[i], GuardFixture.NOW);
            }
        }

        String nextHeader() {
            if (next == headers.length) {
                next = 0;
            }
            return headers[next++];
        }
    }

    /**
     * A full cache and a header the guard has never seen, every call: each call parses the JWT,
     * verifies its RS256 signature, checks the claims, builds a {@link VerifiedToken}, inserts it
     * into the full cache (which evicts an entry first) and then runs the same checks as {@code
     * cachedValid}. That is the steady state of a busy service meeting a new token.
     *
     * <p>Signing is slow (about a millisecond), so there are {@link #SIGNED} distinct signed
     * tokens, and call {@code n} sends token {@code n % SIGNED} followed by a suffix of control
     * characters unique to {@code n}. The guard trims the suffix away, so each header is a cache
     * key never seen before whose token is parsed and verified in full, exactly as a new token
     * would be. The header is built in the call, so the call's allocation includes one header
     * string (about 800 bytes), as a server that parses the request would allocate it too.
     *
     * <p>The cache is filled to {@link #cacheSize} in the trial's setup, not per iteration: JMH's
     * gc profiler counts what an iteration's setup allocates as part of that iteration.
     */
    @State(Scope.Thread)
    public static class FirstSeen {

        static final int SIGNED = 256;

        @Param({"0", "10000", "1000000"})
        public int revocations;

        /** The guard's cache size (the Quarkus default is 10,000). */
        @Param({"10000"})
        public int cacheSize;

        String[] signed;
        AccessGuard guard;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws AccessRefusedException {
            BenchIssuer issuer = new BenchIssuer();
            RevocationTable table = new RevocationTable();
            Revocations.seed(table, Revocations.Mix.TOKENS_AND_GRANTS, revocations, 42);
            signed = new String[SIGNED];
            for (int i = 0; i < signed.length; i++) {
                signed[i] = issuer.bearer(UUID.randomUUID(), UUID.randomUUID());
            }
            guard = GuardFixture.guard(issuer.keySource(), table, cacheSize);
            for (int i = 0; i < cacheSize; i++) {
                guard.authorize(nextHeader(), GuardFixture.NOW);
            }
        }

        /** Header {@code next}: signed token {@code next % SIGNED} and a suffix unique to it. */
        String nextHeader() {
            int n = next++;
            if (n < 0) {
                throw new IllegalStateException("More than 2^31 first-seen headers");
            }
            String token = signed[n % SIGNED];
            int variant = n / SIGNED;
            if (variant == 0) {
                return token;
            }
            // Base 2 in space and tab, the white space HTTP allows around a header's value and
            // the guard strips (the token itself must be spelled as issued): injective, since the
            // highest digit is always a tab.
            char[] suffix = new char[32 - Integer.numberOfLeadingZeros(variant)];
            for (int i = 0; i < suffix.length; i++, variant >>>= 1) {
                suffix[i] = (variant & 1) == 1 ? '\t' : ' ';
            }
            return token.concat(new String(suffix));
        }
    }

    @Benchmark
    public VerifiedToken cachedValid(Cached state) throws AccessRefusedException {
        return state.guard.authorize(state.valid, GuardFixture.NOW);
    }

    @Benchmark
    public VerifiedToken cachedValidMany(CachedMany state) throws AccessRefusedException {
        return state.guard.authorize(state.nextHeader(), GuardFixture.NOW);
    }

    @Benchmark
    public Refusal cachedRevoked(Cached state) {
        try {
            state.guard.authorize(state.revoked, GuardFixture.NOW);
        } catch (AccessRefusedException e) {
            return e.refusal();
        }
        throw new IllegalStateException("The revoked token was accepted");
    }

    @Benchmark
    public VerifiedToken firstSeen(FirstSeen state) throws AccessRefusedException {
        return state.guard.authorize(state.nextHeader(), GuardFixture.NOW);
    }
}

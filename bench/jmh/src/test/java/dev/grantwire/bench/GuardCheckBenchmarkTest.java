package dev.grantwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantwire.guard.AccessRefusedException;
import dev.grantwire.guard.Refusal;
import dev.grantwire.guard.VerifiedToken;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmark harness honest and runnable: each benchmark body, called directly, does what
 * its name says. Times are never asserted here; the benchmarks measure them (see bench/README.md).
 */
class GuardCheckBenchmarkTest {

    private final GuardCheckBenchmark benchmark = new GuardCheckBenchmark();

    @Test
    void cachedValidWhenCheckedThenTheSameVerifiedTokenAndNoAllocation() throws Exception {
        GuardCheckBenchmark.Cached state = new GuardCheckBenchmark.Cached();
        state.revocations = 10_000;
        state.setUp();

        VerifiedToken first = benchmark.cachedValid(state);
        assertThat(benchmark.cachedValid(state)).isSameAs(first);
        assertThat(first.isDelegated()).isTrue();
        assertThat(first.clientId()).isEqualTo(BenchIssuer.CLIENT_ID);

        // The bound: under one byte per cached check, over 10^6 checks.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += benchmark.cachedValid(state).issuedAtMillis();
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000_000; i++) {
            sink += benchmark.cachedValid(state).issuedAtMillis();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(sink).isPositive();
        assertThat(allocated).isLessThan(1_000_000L);
    }

    @Test
    void cachedValidManyWhenCheckedThenEachCachedTokenInTurn() throws Exception {
        GuardCheckBenchmark.CachedMany state = new GuardCheckBenchmark.CachedMany();
        state.revocations = 1000;
        state.tokens = 50;
        state.setUp();
        assertThat(state.guard.cachedTokens()).isEqualTo(50);

        Set<VerifiedToken> seen = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            seen.add(benchmark.cachedValidMany(state));
        }

        assertThat(seen).hasSize(50);
        assertThat(state.guard.cachedTokens()).isEqualTo(50);
    }

    @Test
    void cachedRevokedWhenCheckedThenRefusedAsRevoked() throws Exception {
        GuardCheckBenchmark.Cached state = new GuardCheckBenchmark.Cached();
        state.revocations = 1000;
        state.setUp();

        for (int i = 0; i < 3; i++) {
            assertThat(benchmark.cachedRevoked(state)).isEqualTo(Refusal.REVOKED_TOKEN);
        }
        assertThat(state.guard.cachedTokens()).isEqualTo(2);
    }

    @Test
    void firstSeenWhenCheckedThenEveryCallVerifiesATokenNotCachedBefore() throws Exception {
        GuardCheckBenchmark.FirstSeen state = new GuardCheckBenchmark.FirstSeen();
        state.revocations = 1000;
        state.cacheSize = 20;
        state.setUp();
        assertThat(state.guard.cachedTokens()).isEqualTo(20);

        Set<VerifiedToken> seen = new HashSet<>();
        Set<UUID> jtis = new HashSet<>();
        int calls = 3 * GuardCheckBenchmark.FirstSeen.SIGNED;
        for (int i = 0; i < calls; i++) {
            VerifiedToken token = benchmark.firstSeen(state);
            seen.add(token);
            jtis.add(token.jti());
            // Full, or nearly: a full cache frees an eighth of itself at once.
            assertThat(state.guard.cachedTokens()).isBetween(18, 20);
        }

        // A new VerifiedToken every call (a cache hit would return one seen before) ...
        assertThat(seen).hasSize(calls);
        // ... from SIGNED distinct signed tokens, each sent in several distinct headers.
        assertThat(jtis).hasSize(GuardCheckBenchmark.FirstSeen.SIGNED);
    }

    @Test
    void nextHeaderWhenManyCallsThenEveryHeaderIsNewAndStripsToASignedToken() {
        GuardCheckBenchmark.FirstSeen state = new GuardCheckBenchmark.FirstSeen();
        state.signed = new String[GuardCheckBenchmark.FirstSeen.SIGNED];
        for (int i = 0; i < state.signed.length; i++) {
            state.signed[i] = "Bearer t" + i;
        }
        Set<String> headers = new HashSet<>();
        for (int i = 0; i < 300_000; i++) {
            String header = state.nextHeader();
            assertThat(header.strip()).isEqualTo(state.signed[i % state.signed.length]);
            headers.add(header);
        }
        assertThat(headers).hasSize(300_000);
    }

    @Test
    void retainedBytesWhenMoreEntriesThenMoreBytes() {
        long small = RevocationMemory.retainedBytes(Revocations.Mix.TOKENS_AND_GRANTS, 1000);
        long large = RevocationMemory.retainedBytes(Revocations.Mix.TOKENS_AND_GRANTS, 10_000);
        long clients = RevocationMemory.retainedBytes(Revocations.Mix.CLIENTS, 1000);

        assertThat(small).isPositive();
        assertThat(large).isGreaterThan(small * 5);
        // Four longs a slot is 32 bytes, at load factor at most one half.
        assertThat(large / 10_000.0).isBetween(32.0, 160.0);
        assertThat(clients).isGreaterThan(small);
    }

    @Test
    void jmhWhenRunForkLessThenEachCachedBenchmarkGivesAScore() throws Exception {
        var options =
                new OptionsBuilder()
                        .include(GuardCheckBenchmark.class.getName() + ".cached")
                        .param("revocations", "0")
                        .param("tokens", "16")
                        .forks(0)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(200))
                        .build();

        var results = new Runner(options).run();

        assertThat(results).hasSize(3);
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore()).isPositive();
        }
    }

    @Test
    void revokedCheckWhenCalledOnTheGuardThenThrowsTheRefusal() throws Exception {
        GuardCheckBenchmark.Cached state = new GuardCheckBenchmark.Cached();
        state.setUp();

        assertThatThrownBy(() -> state.guard.authorize(state.revoked, GuardFixture.NOW))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.REVOKED_TOKEN));
        assertThat(state.guard.authorize(state.valid, GuardFixture.NOW)).isNotNull();
    }
}

package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidTableTest {

    private final UuidTable table = new UuidTable();

    @Test
    void putWhenSameKeyAgainThenLaterCutoffAndExpiryWinWhateverTheOrder() {
        table.put(1, 2, 100, 1_000);
        table.put(1, 2, 50, 2_000);
        table.put(1, 2, 100, 1_000);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.cutoff(1, 2)).isEqualTo(100);
        assertThat(table.expiresAt(1, 2)).isEqualTo(2_000);
        assertThat(table.cutoff(2, 1)).isEqualTo(UuidTable.ABSENT);
    }

    @Test
    void putWhenManyEntriesThenTableGrowsAndFindsEveryOne() {
        Random random = new Random(7);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            ids.add(id);
            table.put(id.getMostSignificantBits(), id.getLeastSignificantBits(), i, 1_000 + i);
        }

        assertThat(table.size()).isEqualTo(100_000);
        assertThat(table.capacity()).isGreaterThanOrEqualTo(200_000).isLessThanOrEqualTo(262_144);
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            assertThat(table.cutoff(id.getMostSignificantBits(), id.getLeastSignificantBits()))
                    .isEqualTo(i);
        }
        assertThat(table.cutoff(random.nextLong(), random.nextLong())).isEqualTo(UuidTable.ABSENT);
    }

    @Test
    void putWhenKeysCollideInLowBitsThenAllAreKept() {
        // Keys that differ only in the high long still land apart or probe correctly.
        for (long hi = 0; hi < 1_000; hi++) {
            table.put(hi << 32, 0, hi, 10);
        }
        for (long hi = 0; hi < 1_000; hi++) {
            assertThat(table.cutoff(hi << 32, 0)).isEqualTo(hi);
        }
    }

    @Test
    void purgeWhenSomeExpiredThenOnlyLiveOnesRemainAndTableShrinks() {
        for (int i = 0; i < 10_000; i++) {
            table.put(i, i, 0, i < 9_000 ? 500 : 5_000);
        }
        int before = table.capacity();

        assertThat(table.purge(500)).isZero();
        assertThat(table.purge(501)).isEqualTo(9_000);

        assertThat(table.size()).isEqualTo(1_000);
        assertThat(table.capacity()).isLessThan(before);
        assertThat(table.cutoff(42, 42)).isEqualTo(UuidTable.ABSENT);
        assertThat(table.cutoff(9_500, 9_500)).isZero();
        table.put(42, 42, 7, 9_000);
        assertThat(table.cutoff(42, 42)).isEqualTo(7);
    }

    @Test
    void cutoffWhileAnotherThreadWritesThenEveryEarlierKeyIsAlwaysFound() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            table.put(-i, i, i, 10_000);
        }
        Thread writer =
                new Thread(
                        () -> {
                            for (int i = 1_000; i < 200_000; i++) {
                                table.put(-i, i, i, 10_000);
                            }
                        });
        writer.start();
        while (writer.isAlive()) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(table.cutoff(-i, i)).isEqualTo(i);
            }
        }
        writer.join();
        assertThat(table.size()).isEqualTo(200_000);
    }
}

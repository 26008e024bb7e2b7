package dev.grantwire.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.revocation.messaging.OutboxRelay;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay publishes what is left unacknowledged, takes over expired leases, and prunes. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject AgroalDataSource dataSource;
    @Inject OutboxRelay relay;
    @Inject MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Db db;
    private FeedProbe feed;

    @BeforeEach
    void open() {
        db = new Db(dataSource);
        feed = new FeedProbe(KafkaAndPostgresResource.adminAccess());
        // Positions the probe at the end of the topic before anything is sent.
        feed.awaitNext(FeedHeartbeat.class, beat -> true, WAIT);
    }

    @AfterEach
    void close() {
        feed.close();
        db.clear();
    }

    @Test
    void relayWhenARowWasNeverSentThenItIsPublishedFromTheLedgerAndMarkedSent() {
        // As after a crash between the commit and the send: committed, never leased.
        long sequence = db.insertGrantRevocation("date_trunc('milliseconds', clock_timestamp())");
        String subject =
                db.queryString("SELECT subject FROM revocation WHERE sequence = " + sequence);
        db.update(
                "INSERT INTO outbox (sequence, revoked_at) SELECT sequence, revoked_at FROM"
                        + " revocation WHERE sequence = "
                        + sequence);

        RevocationEvent event =
                feed.awaitNext(RevocationEvent.class, e -> e.sequence() == sequence, WAIT);

        assertThat(event.kind()).isEqualTo(RevocationKind.GRANT);
        assertThat(event.subject()).isEqualTo(subject);
        assertThat(event.revokedAt())
                .isEqualTo(
                        db.queryLong(
                                "SELECT "
                                        + Db.millis("revoked_at")
                                        + " FROM revocation WHERE sequence = "
                                        + sequence));
        await().atMost(WAIT).until(() -> isSent(sequence));
        assertThat(db.queryLong("SELECT attempts FROM outbox WHERE sequence = " + sequence))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void relayWhenALeaseExpiredThenItTakesTheRowOverButLeavesALiveLeaseAlone() {
        long dead = db.insertGrantRevocation("date_trunc('milliseconds', clock_timestamp())");
        long live = db.insertGrantRevocation("date_trunc('milliseconds', clock_timestamp())");
        db.update(
                "INSERT INTO outbox (sequence, revoked_at, lease_owner, lease_until, attempts)"
                        + " SELECT sequence, revoked_at, 'dead-replica', clock_timestamp() -"
                        + " interval '1 second', 1 FROM revocation WHERE sequence = "
                        + dead);
        db.update(
                "INSERT INTO outbox (sequence, revoked_at, lease_owner, lease_until, attempts)"
                        + " SELECT sequence, revoked_at, 'live-replica', clock_timestamp() +"
                        + " interval '1 hour', 1 FROM revocation WHERE sequence = "
                        + live);

        feed.awaitNext(RevocationEvent.class, e -> e.sequence() == dead, WAIT);
        await().atMost(WAIT).until(() -> isSent(dead));
        relay.relay();

        assertThat(db.queryLong("SELECT attempts FROM outbox WHERE sequence = " + dead))
                .isGreaterThanOrEqualTo(2);
        assertThat(isSent(live)).isFalse();
        assertThat(db.queryString("SELECT lease_owner FROM outbox WHERE sequence = " + live))
                .isEqualTo("live-replica");
        assertThat(db.queryLong("SELECT attempts FROM outbox WHERE sequence = " + live))
                .isEqualTo(1);
    }

    // The alert on a late topic (deploy/k8s PrometheusRule) reads this gauge.
    @Test
    void relayWhenARowStaysUnsentThenBacklogAndOldestAgeShowIt() {
        long stuck = db.insertGrantRevocation("clock_timestamp() - interval '40 seconds'");
        db.update(
                "INSERT INTO outbox (sequence, revoked_at, lease_owner, lease_until, attempts)"
                        + " SELECT sequence, revoked_at, 'live-replica', clock_timestamp() +"
                        + " interval '1 hour', 1 FROM revocation WHERE sequence = "
                        + stuck);

        relay.relay();

        assertThat(registry.get("grantwire.revocation.outbox.backlog").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("grantwire.revocation.outbox.oldest.age").gauge().value())
                .isBetween(40.0, 40.0 + WAIT.toSeconds());

        db.update("UPDATE outbox SET sent_at = clock_timestamp() WHERE sequence = " + stuck);
        relay.relay();

        assertThat(registry.get("grantwire.revocation.outbox.backlog").gauge().value()).isZero();
        assertThat(registry.get("grantwire.revocation.outbox.oldest.age").gauge().value()).isZero();
    }

    @Test
    void pruneWhenASentRowIsOlderThanRetentionThenDeletedAndANewerOneKept() {
        long old = db.insertGrantRevocation("clock_timestamp() - interval '4 hours'");
        long recent = db.insertGrantRevocation("clock_timestamp() - interval '1 hour'");
        db.update(
                "INSERT INTO outbox (sequence, revoked_at, sent_at) SELECT sequence, revoked_at,"
                        + " revoked_at + interval '1 second' FROM revocation WHERE sequence IN ("
                        + old
                        + ", "
                        + recent
                        + ")");

        relay.prune();

        assertThat(db.queryLong("SELECT count(*) FROM outbox WHERE sequence = " + old)).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox WHERE sequence = " + recent))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(2);
    }

    private boolean isSent(long sequence) {
        return db.queryLong(
                        "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND sequence = "
                                + sequence)
                == 1;
    }
}

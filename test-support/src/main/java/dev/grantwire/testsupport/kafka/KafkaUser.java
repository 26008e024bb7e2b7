package dev.grantwire.testsupport.kafka;

/**
 * The broker's principals ({@code User:<name>}, authenticated with SCRAM-SHA-512) and what each may
 * do. {@link KafkaAcls} turns this table into ACLs; {@link KafkaCredentials} holds the passwords.
 *
 * <p>The rule: revocation-service alone writes the revocation topic; every reader only reads it;
 * the benchmarks write and read topics of their own ({@code bench.*}) and read the real one; only
 * {@link #ADMIN} (a super user, created when the storage is formatted) creates topics, users and
 * ACLs, and only test-support and the local-stack launcher use it for that.
 */
public enum KafkaUser {
    /** Super user: topics, SCRAM users, ACLs; also the broker's own inter-broker identity. */
    ADMIN("admin"),
    /** Writes the revocation topic: revocations from the outbox, heartbeats. */
    REVOCATION_SERVICE("revocation-service"),
    /** Reads the revocation topic (its durable consumer and the reconciler's offset reads). */
    GRANT_SERVICE("grant-service"),
    /** The example resource API's guard: reads the revocation topic. */
    RESOURCE_API("resource-api"),
    /** Benchmarks: writes its own {@code bench.*} topics (the floor, the replay). */
    BENCH_WRITER("bench-writer"),
    /** Benchmarks: reads its {@code bench.*} topics and the revocation topic. */
    BENCH_READER("bench-reader");

    private final String username;

    KafkaUser(String username) {
        this.username = username;
    }

    /** The SCRAM user name, the {@code <name>} of the principal {@code User:<name>}. */
    public String username() {
        return username;
    }

    /** The principal as ACLs name it. */
    public String principal() {
        return "User:" + username;
    }
}

package dev.grantwire.testsupport.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The single-node KRaft settings both broker flavours share: one process is broker and controller,
 * everything on 127.0.0.1, internal topics with one replica so a lone node is a complete cluster.
 *
 * <p>Nobody gets in unauthenticated. The client listener ({@code CLIENT}) takes SASL/SCRAM-SHA-512:
 * its users live in the cluster metadata, the admin created when the storage is formatted, the
 * others by {@link KafkaAcls}. The controller listener takes SASL/PLAIN with the admin alone, from
 * this file (Kafka does not offer SCRAM on a controller listener: the controller must authenticate
 * before the metadata that holds SCRAM users is there). {@code StandardAuthorizer} decides every
 * request; the admin is the only super user and nothing is allowed where no ACL says so. Plaintext
 * on loopback: production brokers add TLS ({@code SASL_SSL}) in front of the same mechanism.
 */
final class KraftProperties {

    private KraftProperties() {}

    static Properties of(Path logDir, int brokerPort, int controllerPort, String adminPassword) {
        return of(logDir, brokerPort, controllerPort, adminPassword, 0, 0);
    }

    /**
     * The same, with a second client listener ({@code PROXIED}) on {@code proxiedPort} that the
     * broker advertises at {@code proxyPort}, where a fault-injecting proxy forwards to it: a
     * client bootstrapped there reaches the broker only through the proxy, connections to the
     * advertised address included. 0 for none.
     */
    static Properties of(
            Path logDir,
            int brokerPort,
            int controllerPort,
            String adminPassword,
            int proxiedPort,
            int proxyPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        String proxied = proxiedPort > 0 ? ",PROXIED://127.0.0.1:" + proxiedPort : "";
        p.setProperty(
                "listeners",
                "CLIENT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort
                        + proxied);
        p.setProperty(
                "advertised.listeners",
                "CLIENT://127.0.0.1:"
                        + brokerPort
                        + (proxiedPort > 0 ? ",PROXIED://127.0.0.1:" + proxyPort : ""));
        p.setProperty(
                "listener.security.protocol.map",
                "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,PROXIED:SASL_PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "CLIENT");
        String admin = KafkaUser.ADMIN.username();
        p.setProperty("listener.name.client.sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
        p.setProperty(
                "listener.name.client.scram-sha-512.sasl.jaas.config",
                KafkaAccess.jaas(admin, adminPassword));
        p.setProperty("listener.name.proxied.sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
        p.setProperty(
                "listener.name.proxied.scram-sha-512.sasl.jaas.config",
                KafkaAccess.jaas(admin, adminPassword));
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + admin
                        + "\" password=\""
                        + adminPassword
                        + "\" user_"
                        + admin
                        + "=\""
                        + adminPassword
                        + "\";");
        p.setProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", KafkaUser.ADMIN.principal());
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are part of the event contract and are created explicitly with their retention
        // settings; a typo in a topic name must fail a test, not create a stray topic.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        // After a SIGKILL the restarted broker cannot register until the controller expires the
        // dead incarnation's session (9 s by default); a lone local node can afford a short one.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "2000");
        // A single-node test broker: keep files small so a fresh log directory is cheap.
        p.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        // Retention is checked every second (default 5 minutes), so a test that shortens a topic's
        // retention sees old segments leave in seconds; checking a few tiny logs costs nothing.
        p.setProperty("log.retention.check.interval.ms", "1000");
        return p;
    }
}

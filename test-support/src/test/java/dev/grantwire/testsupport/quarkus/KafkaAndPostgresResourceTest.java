package dev.grantwire.testsupport.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import dev.grantwire.testsupport.kafka.KafkaUser;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class KafkaAndPostgresResourceTest {

    @Test
    void startWhenDatabaseArgGivenThenConfigPointsAtRealDatabaseAndTopic() throws Exception {
        KafkaAndPostgresResource resource = new KafkaAndPostgresResource();
        resource.init(Map.of("database", "revocation_service"));
        try {
            Map<String, String> config = resource.start();

            try (Connection c =
                            DriverManager.getConnection(
                                    config.get("quarkus.datasource.jdbc.url"),
                                    config.get("quarkus.datasource.username"),
                                    config.get("quarkus.datasource.password"));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertEquals("revocation_service", rs.getString(1));
            }
            KafkaAccess admin =
                    new KafkaAccess(
                            config.get("kafka.bootstrap.servers"),
                            KafkaUser.ADMIN.username(),
                            config.get("grantwire.test.kafka.admin-password"));
            KafkaAccess own =
                    admin.as(
                            KafkaUser.REVOCATION_SERVICE.username(),
                            config.get("grantwire.kafka.password"));
            // The service's own password is revocation-service's (named after the database), which
            // may write the topic.
            long now = System.currentTimeMillis();
            try (FeedProbe probe = new FeedProbe(own)) {
                assertEquals(0, probe.publish(new FeedHeartbeat(now, 0, now)));
            }
            try (Admin client = Admin.create(admin.clientProperties())) {
                ConfigResource topic =
                        new ConfigResource(ConfigResource.Type.TOPIC, "grantwire.revocations.v1");
                Config topicConfig = client.describeConfigs(List.of(topic)).all().get().get(topic);
                assertEquals("10800000", topicConfig.get("retention.ms").value());
                assertEquals("LogAppendTime", topicConfig.get("message.timestamp.type").value());
                assertEquals(
                        1,
                        client.describeTopics(List.of("grantwire.revocations.v1"))
                                .allTopicNames()
                                .get()
                                .get("grantwire.revocations.v1")
                                .partitions()
                                .size());
            }
        } finally {
            resource.stop();
        }
    }
}

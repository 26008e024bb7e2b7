package dev.grantwire.testsupport.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
            Properties p = new Properties();
            p.put(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.get("kafka.bootstrap.servers"));
            try (Admin admin = Admin.create(p)) {
                ConfigResource topic =
                        new ConfigResource(ConfigResource.Type.TOPIC, "grantwire.revocations.v1");
                Config topicConfig = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertEquals("10800000", topicConfig.get("retention.ms").value());
                assertEquals("LogAppendTime", topicConfig.get("message.timestamp.type").value());
                assertEquals(
                        1,
                        admin.describeTopics(List.of("grantwire.revocations.v1"))
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

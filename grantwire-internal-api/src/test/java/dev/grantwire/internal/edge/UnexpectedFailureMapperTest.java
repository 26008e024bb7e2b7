package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UnexpectedFailureMapperTest {

    private final UnexpectedFailureMapper mapper = new UnexpectedFailureMapper();

    UnexpectedFailureMapperTest() {
        mapper.answers = (path, status, detail) -> ErrorAnswers.problem(status, detail);
    }

    @Test
    void toResponseWhenTheFormParserRefusedTheBodyThenTheCallersFourHundred() {
        // What RESTEasy Reactive throws for "a=%zz": a plain exception, from its form parser.
        IllegalArgumentException undecodable =
                new IllegalArgumentException("Failed to decode URL %zz to UTF-8");
        undecodable.setStackTrace(
                new StackTraceElement[] {
                    new StackTraceElement(
                            "org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition$FormEncodedDataParser",
                            "decodeParameterValue",
                            null,
                            208)
                });

        Response answer = mapper.toResponse(undecodable);

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat((String) answer.getEntity())
                .contains(EdgeRules.UNREADABLE_FORM)
                .doesNotContain("decode", "UTF-8");
    }

    @Test
    void toResponseWhenTheDatabaseIsUnreachableThenFiveOhThreeWithRetryAfter() {
        Response answer =
                mapper.toResponse(
                        new IllegalStateException(
                                "transaction", new SQLException("refused", "08001")));

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After"))
                .isEqualTo(String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        assertThat((String) answer.getEntity()).doesNotContain("refused", "08001");
    }

    @Test
    void toResponseWhenAnythingElseFailedThenFiveHundredWithOnlyAnErrorId() {
        Response answer = mapper.toResponse(new IllegalStateException("a bug with secret words"));

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat((String) answer.getEntity())
                .containsPattern("error id [0-9a-f-]{36}")
                .doesNotContain("secret", "IllegalStateException");
    }
}

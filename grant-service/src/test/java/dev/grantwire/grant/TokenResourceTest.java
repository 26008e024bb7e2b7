package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /oauth2/token} under concurrent use: races with a start barrier, many rounds,
 * asserting the database rows: one code redeemed by many threads yields one token set; one refresh
 * token used by many threads yields one rotation.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class TokenResourceTest {

    private static final int ROUNDS = 50;
    private static final int THREADS = 6;
    private static final String SCOPE = "builds.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    Fixture fixture;
    ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void codeWhenRedeemedByManyThreadsAtOnceThenExactlyOneTokenSet() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("race-code-" + UUID.randomUUID());
        for (int round = 0; round < ROUNDS; round++) {
            Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
            List<Response> answers =
                    race(
                            () ->
                                    given().auth()
                                            .preemptive()
                                            .basic(app.clientId(), app.secret())
                                            .contentType("application/x-www-form-urlencoded")
                                            .formParam("grant_type", "authorization_code")
                                            .formParam("code", code.code())
                                            .formParam("redirect_uri", Fixture.REDIRECT_URI)
                                            .formParam("code_verifier", code.verifier().getValue())
                                            .post("/oauth2/token"));

            assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(1);
            assertThat(answers.stream().filter(r -> r.statusCode() == 400))
                    .hasSize(THREADS - 1)
                    .allMatch(r -> "invalid_grant".equals(r.jsonPath().getString("error")));
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM audit_event WHERE action = 'code.redeemed'"
                                            + " AND target = ?",
                                    "grant:" + code.grantId()))
                    .isEqualTo(1);
            // The losers are replays: the grant they would share dies once, with one command.
            assertThat(
                            fixture.text(
                                    "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                    code.grantId()))
                    .isEqualTo("revoked");
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM command_outbox WHERE subject = ?",
                                    code.grantId().toString()))
                    .isEqualTo(1);
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                    code.grantId()))
                    .isZero();
        }
    }

    @Test
    void refreshWhenUsedByManyThreadsAtOnceThenOneRotationAndIdenticalAnswers() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("race-refresh-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        String refresh =
                fixture.exchange(app, code).statusCode(200).extract().path("refresh_token");
        for (int round = 0; round < ROUNDS; round++) {
            String current = refresh;
            List<Response> answers =
                    race(
                            () ->
                                    given().auth()
                                            .preemptive()
                                            .basic(app.clientId(), app.secret())
                                            .contentType("application/x-www-form-urlencoded")
                                            .formParam("grant_type", "refresh_token")
                                            .formParam("refresh_token", current)
                                            .post("/oauth2/token"));

            assertThat(answers).allMatch(r -> r.statusCode() == 200);
            assertThat(answers.stream().map(Response::asString).distinct()).hasSize(1);
            refresh = answers.get(0).jsonPath().getString("refresh_token");
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                    code.grantId()))
                    .isEqualTo(round + 2);
            assertThat(
                            fixture.count(
                                    "SELECT count(*) FROM refresh_token WHERE grant_id = ?"
                                            + " AND rotated_at IS NULL",
                                    code.grantId()))
                    .isEqualTo(1);
        }
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("active");
    }

    private List<Response> race(Supplier<Response> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(
                    pool.submit(
                            () -> {
                                start.await(10, TimeUnit.SECONDS);
                                return call.get();
                            }));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> future : futures) {
            answers.add(future.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }
}

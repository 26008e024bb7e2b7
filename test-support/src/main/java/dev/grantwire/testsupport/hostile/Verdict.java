package dev.grantwire.testsupport.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one answer to a hostile request showed: a 5xx, no answer in time, a leak of internals, the
 * wrong error shape, or a forged token accepted. Null fields mean "fine".
 */
public record Verdict(
        int status,
        Duration elapsed,
        boolean fiveXx,
        boolean hang,
        String leak,
        String wrongShape,
        boolean forgeryAccepted) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an answer must never carry: a stack frame, a Java or library class, a parser's or the
     * database's words, or the caller's markup and header lines sent back unescaped.
     */
    private static final Pattern LEAK =
            Pattern.compile(
                    "(\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|Exception\\b|\\bCaused by\\b"
                            + "|\\b(java|javax|jakarta|sun|io\\.quarkus|io\\.vertx|io\\.netty"
                            + "|io\\.smallrye|org\\.jboss|org\\.postgresql|org\\.hibernate"
                            + "|com\\.fasterxml|com\\.nimbusds|org\\.apache|dev\\.grantwire)\\.[a-z]"
                            + "|Unrecognized (token|field)|Unexpected (character|end-of-input)"
                            + "|line: \\d+, column: \\d+|Source: \\(|SQLState|PSQL|ERROR: "
                            + "|invalid byte sequence|NullPointer|IllegalArgument|IllegalState"
                            + "|<script>alert\\(1\\)</script>|\\{\\{7\\*7\\}\\}=49)");

    /** The longest a refusal may take. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Judges one answer of an endpoint with the given error shape. */
    public static Verdict of(
            Draft request, RawHttp.Answer answer, Shape shape, ForgeryCheck forgery) {
        boolean head = request.method.equals("HEAD");
        boolean hang = answer.timedOut() || answer.elapsed().compareTo(DEADLINE) > 0;
        String leak = leak(answer);
        String wrongShape = null;
        if (!answer.answered() && !hang) {
            wrongShape = "no answer: " + answer.ioError();
        } else if (request.beyondHttp()
                && (answer.status() == 400 || answer.status() == 414 || answer.status() == 431)
                && answer.body().length == 0) {
            // The HTTP codec's refusal: no endpoint was reached whose shape it could take.
            wrongShape = null;
        } else if (answer.status() >= 400 && answer.status() < 500) {
            wrongShape = shape.violation(answer, head);
            if (wrongShape != null && request.pathChanged && shape == Shape.REGISTRATION) {
                // A changed path may reach another OAuth endpoint: its shape is as good.
                wrongShape = Shape.OAUTH.violation(answer, head);
            }
        } else if (answer.status() >= 300
                && answer.status() < 400
                && answer.header("Location") == null) {
            wrongShape = answer.status() + " without a Location";
        }
        boolean accepted = request.forged && forgery.accepted(answer);
        return new Verdict(
                answer.status(),
                answer.elapsed(),
                answer.status() >= 500,
                hang,
                leak,
                wrongShape,
                accepted);
    }

    /** Whether nothing is wrong. */
    public boolean clean() {
        return !fiveXx && !hang && leak == null && wrongShape == null && !forgeryAccepted;
    }

    /** One line saying what is wrong. */
    public String problems() {
        StringBuilder out = new StringBuilder();
        if (fiveXx) out.append("5xx; ");
        if (hang) out.append("no answer within ").append(DEADLINE.toSeconds()).append(" s; ");
        if (leak != null) out.append("leak: ").append(leak).append("; ");
        if (wrongShape != null) out.append("shape: ").append(wrongShape).append("; ");
        if (forgeryAccepted) out.append("forged token accepted; ");
        return out.toString();
    }

    private static String leak(RawHttp.Answer answer) {
        StringBuilder visible = new StringBuilder(answer.text());
        for (Map.Entry<String, String> header : answer.headers()) {
            visible.append('\n').append(header.getKey()).append(": ").append(header.getValue());
            if (header.getKey().equalsIgnoreCase("X-Injected")
                    || header.getKey().equalsIgnoreCase("Set-Cookie")
                            && header.getValue().startsWith("injected=")) {
                return "a header the request smuggled in: " + header.getKey();
            }
        }
        Matcher matcher = LEAK.matcher(visible);
        if (matcher.find()) {
            int from = Math.max(0, matcher.start() - 40);
            int to = Math.min(visible.length(), matcher.end() + 40);
            return "'" + visible.substring(from, to).replaceAll("\\s+", " ") + "'";
        }
        return null;
    }

    /** How an endpoint would show that it took a forged token as real. */
    @FunctionalInterface
    public interface ForgeryCheck {
        boolean accepted(RawHttp.Answer answer);

        /** Any 2xx: a protected resource served. */
        ForgeryCheck SERVED =
                answer ->
                        answer.status() >= 200 && answer.status() < 300 && answer.body().length > 0;

        /** RFC 7662: a 2xx saying {@code "active": true}. */
        ForgeryCheck ACTIVE =
                answer -> {
                    if (answer.status() != 200) {
                        return false;
                    }
                    try {
                        JsonNode body = JSON.readTree(answer.body());
                        return body != null && body.path("active").asBoolean(false);
                    } catch (IOException e) {
                        return false;
                    }
                };

        /** A forged token cannot change anything here (RFC 7009 answers 200 to any token). */
        ForgeryCheck NONE = answer -> false;
    }
}

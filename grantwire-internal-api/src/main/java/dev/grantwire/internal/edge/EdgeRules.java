package dev.grantwire.internal.edge;

import dev.grantwire.protocol.InputText;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The input rule at the edge of every Grantwire service, before authentication, sign-in and any
 * endpoint: a request is refused with 400, in the service's shape for its path ({@link
 * ErrorAnswers}), when
 *
 * <ul>
 *   <li>it has no {@code Host} (RFC 9112 section 3.2 requires one in HTTP/1.1; without it no
 *       absolute URL, such as a sign-in redirect, can be built);
 *   <li>its path or query has a broken percent-encoding or percent-encoded bytes that are not
 *       UTF-8;
 *   <li>its path, query, a header, or the decoded Basic credentials ({@link BasicCredentials}) hold
 *       text {@link InputText} refuses (a NUL, control characters, a lone surrogate).
 * </ul>
 *
 * Bodies meet the same rule where they are parsed: the form parsers of the OAuth endpoints and the
 * JSON text deserializer ({@code StrictJson}). A path no route serves gets the service's 404
 * instead of the HTTP server's bare page.
 */
@ApplicationScoped
public class EdgeRules {

    /** Runs before CORS (300) and authentication (200): nothing reads the request first. */
    static final int PRIORITY = 1_000;

    static final String NO_HOST = "the request has no Host header";
    static final String BAD_ENCODING =
            "the request's path or query has a broken percent-encoding or is not UTF-8";
    static final String BAD_TEXT =
            "the request carries a character no field accepts (a NUL, a control character or a"
                    + " lone surrogate)";

    private final ErrorAnswers answers;

    EdgeRules(ErrorAnswers answers) {
        this.answers = answers;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void routes(@Observes Router router) {
        // After every route of the application: what none of them served.
        router.route()
                .last()
                .handler(
                        context ->
                                answers.answer(
                                                ErrorAnswers.pathOf(context),
                                                404,
                                                ErrorAnswers.describe(404))
                                        .send(context.response()));
        // Failures before any endpoint that are the caller's doing: a form the HTTP server cannot
        // take apart (too many fields, a multipart type over another body), a sign-in callback
        // the OIDC mechanism refuses (a forged or repeated state). A 400 or a 401 in the
        // service's shape, not a 500 or a bare status.
        router.route()
                .order(Integer.MIN_VALUE)
                .failureHandler(
                        context -> {
                            if (DatabaseOutage.isCause(context.failure())
                                    && !context.response().headWritten()) {
                                // A route outside JAX-RS that needed the database (a sign-in
                                // callback that records the session): the same 503 as endpoints.
                                String path = ErrorAnswers.pathOf(context);
                                UnexpectedFailureMapper.logOutage(path, context.failure());
                                UnexpectedFailureMapper.unavailable(answers, path)
                                        .send(context.response());
                                return;
                            }
                            int status = callersFailure(context.failure());
                            if (status > 0
                                    && !context.response().headWritten()
                                    && !challenged(context)) {
                                answers.answer(
                                                ErrorAnswers.pathOf(context),
                                                status,
                                                status == 401 ? SIGN_IN_FAILED : UNREADABLE_FORM)
                                        .send(context.response());
                            } else {
                                context.next();
                            }
                        });
    }

    static final String UNREADABLE_FORM = "the request's form cannot be read";

    /**
     * Whether the authentication mechanism already answered the failure with its challenge: a
     * redirect to sign in again (a signed-out or expired session) or a {@code WWW-Authenticate}.
     * That answer stands; only a refusal without one becomes the service's 401 page.
     */
    private static boolean challenged(RoutingContext context) {
        int status = context.response().getStatusCode();
        return status / 100 == 3
                || context.response().headers().contains("Location")
                || context.response().headers().contains("WWW-Authenticate");
    }

    static final String SIGN_IN_FAILED = "the sign-in could not be completed";

    /**
     * A sign-in refused (a forged or repeated state on the callback), not a redirect to sign in.
     */
    private static final Set<String> REFUSED_AUTHENTICATION =
            Set.of(
                    "io.quarkus.security.AuthenticationFailedException",
                    "io.quarkus.security.AuthenticationCompletionException");

    /** Where RESTEasy Reactive takes form and multipart bodies apart. */
    private static final String FORM_PARSERS = "org.jboss.resteasy.reactive.server.core.multipart.";

    /**
     * The status of a failure that is the caller's doing, or 0: 400 for a form body the HTTP server
     * refused (Netty's or RESTEasy Reactive's form parsers: too many fields, a multipart type over
     * another body), 401 for a refused authentication (quarkus-oidc's callback with a forged or
     * repeated state). Redirects to sign in are failures too, and pass untouched.
     */
    public static int callersFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (REFUSED_AUTHENTICATION.contains(t.getClass().getName())) {
                return 401;
            }
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")
                    || thrownWhileParsingAForm(t)) {
                return 400;
            }
        }
        return 0;
    }

    private void check(RoutingContext context) {
        String refusal = refusal(context.request());
        if (refusal == null) {
            context.next();
            return;
        }
        answers.answer(ErrorAnswers.pathOf(context), 400, refusal).send(context.response());
    }

    /** Why the request is refused at the edge, or null. */
    static String refusal(HttpServerRequest request) {
        // The authority: Host in HTTP/1.x, :authority in HTTP/2.
        if (request.authority() == null) {
            return NO_HOST;
        }
        String path = request.path();
        String query = request.query();
        String decodedPath = path == null ? "" : decode(path, false);
        String decodedQuery = query == null ? "" : decode(query, true);
        if (decodedPath == null || decodedQuery == null) {
            return BAD_ENCODING;
        }
        if (!InputText.isAcceptable(decodedPath) || !InputText.isAcceptable(decodedQuery)) {
            return BAD_TEXT;
        }
        for (Map.Entry<String, String> header : request.headers()) {
            if (!InputText.isAcceptable(header.getValue())) {
                return BAD_TEXT;
            }
        }
        try {
            BasicCredentials.parse(request.getHeader("Authorization"));
        } catch (BasicCredentials.Malformed e) {
            if (e.refusedText()) {
                return BAD_TEXT;
            }
        }
        return null;
    }

    /**
     * Strict percent-decoding: every {@code %} followed by two hex digits, the bytes valid UTF-8;
     * {@code +} is a space in a query or form. Null when broken.
     */
    public static String decode(String encoded, boolean plusIsSpace) {
        if (encoded.indexOf('%') < 0 && (!plusIsSpace || encoded.indexOf('+') < 0)) {
            return encoded;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); ) {
            int c = encoded.codePointAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(encoded.charAt(i + 2));
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else {
                byte[] character =
                        c == '+' && plusIsSpace
                                ? new byte[] {' '}
                                : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(character, 0, character.length);
                i += Character.charCount(c);
            }
        }
        return utf8(bytes.toByteArray());
    }

    /** An ASCII hex digit's value; -1 for anything else (no fullwidth digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Strict UTF-8; null for bytes that are not. */
    static String utf8(byte[] raw) {
        try {
            CharBuffer chars =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(raw));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether RESTEasy Reactive's form or multipart parser was on the stack when it was thrown. */
    private static boolean thrownWhileParsingAForm(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith(FORM_PARSERS)) {
                return true;
            }
        }
        return false;
    }
}

package dev.grantwire.internal.edge;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What no mapper of an endpoint's own answers, in the service's shape for the path ({@link
 * ErrorAnswers}), never the framework's bare page: a {@link DatabaseOutage} is a 503 with {@code
 * Retry-After} (nothing was done; the same request may be sent again), anything else a 500 whose
 * body holds only an error id, logged with the failure; a form the parser could not read is the
 * caller's 400, as at the edge ({@link EdgeRules#callersFailure}). More specific mappers (the
 * endpoints' own refusals, the framework's, Quarkus security's) still win.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Exception> {

    static final String DATABASE_UNAVAILABLE =
            "the service cannot reach its database right now; nothing was done, try again shortly";

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class);

    /** An outage fails every request; its log says so once per interval, with a count. */
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private static final AtomicLong lastOutageLog =
            new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private static final AtomicLong outagesSinceLog = new AtomicLong();

    @Inject ErrorAnswers answers;
    @Inject CurrentVertxRequest request;

    @Override
    public Response toResponse(Exception exception) {
        String path = FrameworkErrorMapper.path(request);
        if (DatabaseOutage.isCause(exception)) {
            logOutage(path, exception);
            return unavailable(answers, path).toResponse();
        }
        // RESTEasy Reactive's form parser throws plain exceptions for a form it cannot take apart
        // (a bad percent-encoding, too many fields): the caller's doing, the edge's 400.
        int callers = EdgeRules.callersFailure(exception);
        if (callers > 0) {
            return answers.answer(
                            path,
                            callers,
                            callers == 401 ? EdgeRules.SIGN_IN_FAILED : EdgeRules.UNREADABLE_FORM)
                    .toResponse();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(exception, "Unexpected failure %s answering %s", id, path);
        return answers.answer(path, 500, "the service failed to answer; error id " + id)
                .toResponse();
    }

    /** The 503 for a request that needed the database, with its {@code Retry-After}. */
    static ErrorAnswers.Answer unavailable(ErrorAnswers answers, String path) {
        return answers.answer(path, 503, DATABASE_UNAVAILABLE)
                .withHeader("Retry-After", String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
    }

    static void logOutage(String path, Throwable failure) {
        long count = outagesSinceLog.incrementAndGet();
        long last = lastOutageLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastOutageLog.compareAndSet(last, now)) {
            outagesSinceLog.addAndGet(-count);
            LOG.warnf(
                    "Database unavailable: %d request(s) answered 503 since the last report, the"
                            + " latest for %s (%s)",
                    count, path, rootCause(failure));
        }
    }

    /** The innermost failure's class and message: the driver's words, for the operator's log. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }
}

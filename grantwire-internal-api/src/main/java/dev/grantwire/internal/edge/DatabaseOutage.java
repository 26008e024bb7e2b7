package dev.grantwire.internal.edge;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a failure means the service's database could not be reached or went away mid-request
 * (stopped, killed, restarting, unreachable, or the pool could not get a connection in time), as
 * opposed to a fault in the request or the code. Such a failure gets a 503 with {@code Retry-After}
 * ({@link UnexpectedFailureMapper}): the transaction was rolled back (or never began), so nothing
 * was done and the caller may send the same request again.
 */
public final class DatabaseOutage {

    /**
     * The {@code Retry-After} of its 503s: a PostgreSQL restart, or a CloudNativePG failover to a
     * synchronous standby, takes seconds.
     */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {}

    /** True when {@code failure}, or anything it was caused by or suppressed, says so. */
    public static boolean isCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (says(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return false;
    }

    private static boolean says(Throwable t) {
        if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
            return true;
        }
        if (!(t instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        if (state != null) {
            // Class 08: connection exception. 57P01-57P03: the server is shutting down, crashed
            // or is still starting (crash recovery). 53300: too many connections.
            return state.startsWith("08")
                    || state.equals("57P01")
                    || state.equals("57P02")
                    || state.equals("57P03")
                    || state.equals("53300");
        }
        // Agroal's pool gives no SQL state when no connection came within its acquisition timeout.
        String message = sql.getMessage();
        return message != null && message.startsWith("Acquisition timeout");
    }
}

package dev.grantwire.examples.resource.persistence;

/**
 * The work-item store failed a statement: in this example, whose statements take only bound
 * parameters of validated input, that means PostgreSQL could not be reached or went away. Nothing
 * was stored; the API answers 503 with {@code Retry-After}.
 */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.grantwire.demo.api;

/** The API could not be reached or answered with something other than a token refusal. */
public final class ApiException extends RuntimeException {

    public ApiException(String message, Throwable cause) {
        super(message, cause);
    }
}

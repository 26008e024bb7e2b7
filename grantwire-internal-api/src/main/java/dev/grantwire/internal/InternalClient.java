package dev.grantwire.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One internal API of another Grantwire service as a Quarkus REST Client, with this service's
 * {@link ServiceToken} on every call. A 401 drops the token and the call is tried once more with a
 * fresh one (the callee may have rotated its keys, or the token expired in flight); every other
 * failure is an {@link InternalCallException} with the callee's status and problem detail, never a
 * framework exception. The client is built at the first call, so the base URL may name a port bound
 * after start. Thread-safe.
 *
 * @param <A> the API interface, one of {@code dev.grantwire.internal.grants} or {@code
 *     dev.grantwire.internal.revocations}
 */
public final class InternalClient<A> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Class<A> api;
    private final Supplier<URI> base;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final ServiceToken token;
    private volatile String bearer;
    private volatile A client;

    private InternalClient(
            Class<A> api,
            Supplier<URI> base,
            Duration connectTimeout,
            Duration readTimeout,
            ServiceToken token) {
        this.api = api;
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.token = token;
    }

    /**
     * An API called with this service's token.
     *
     * @param base the callee's base URL, asked at the first call
     * @param timeout the connect timeout and the answer timeout
     */
    public static <A> InternalClient<A> of(
            Class<A> api, Supplier<URI> base, Duration timeout, ServiceToken token) {
        return new InternalClient<>(api, base, timeout, timeout, token);
    }

    /** An API called with this service's token, with a connect and an answer timeout. */
    public static <A> InternalClient<A> of(
            Class<A> api,
            Supplier<URI> base,
            Duration connectTimeout,
            Duration readTimeout,
            ServiceToken token) {
        return new InternalClient<>(api, base, connectTimeout, readTimeout, token);
    }

    /** An endpoint called without a service token (the token endpoint itself). */
    static <A> InternalClient<A> anonymous(Class<A> api, Supplier<URI> base, Duration timeout) {
        return new InternalClient<>(api, base, timeout, timeout, null);
    }

    /**
     * Makes one call.
     *
     * @throws InternalCallException for any answer but the one the interface promises
     */
    public <R> R call(Function<A, R> request) {
        try {
            return attempt(request);
        } catch (WebApplicationException e) {
            if (token != null && e.getResponse() != null && e.getResponse().getStatus() == 401) {
                token.forget();
                try {
                    return attempt(request);
                } catch (WebApplicationException retry) {
                    throw answered(retry);
                } catch (ProcessingException retry) {
                    throw unreachable(retry);
                }
            }
            throw answered(e);
        } catch (ProcessingException e) {
            throw unreachable(e);
        }
    }

    /**
     * Makes one call that must answer with a body.
     *
     * @throws InternalCallException for any answer but the one the interface promises, an empty
     *     body included
     */
    public <R> R require(Function<A, R> request) {
        R answer = call(request);
        if (answer == null) {
            throw new InternalCallException(api.getSimpleName() + " gave no answer", 0, null, null);
        }
        return answer;
    }

    /**
     * Makes one call whose 404 means "there is no such thing".
     *
     * @return empty on a 404 problem
     * @throws InternalCallException for any other answer but the one the interface promises
     */
    public <R> Optional<R> find(Function<A, R> request) {
        try {
            return Optional.ofNullable(call(request));
        } catch (InternalCallException e) {
            if (e.is(404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <R> R attempt(Function<A, R> request) {
        if (token != null) {
            // Fetched here, on the caller's thread: a fetch blocks, and the request filter may
            // run where blocking is not allowed. Any valid token will do if threads race.
            bearer = token.get();
        }
        return request.apply(client());
    }

    private A client() {
        A current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    QuarkusRestClientBuilder builder =
                            QuarkusRestClientBuilder.newBuilder()
                                    .baseUri(base.get())
                                    .connectTimeout(
                                            connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                                    .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    if (token != null) {
                        builder.register(
                                (ClientRequestFilter)
                                        context ->
                                                context.getHeaders()
                                                        .putSingle(
                                                                HttpHeaders.AUTHORIZATION,
                                                                "Bearer " + bearer));
                    }
                    client = builder.build(api);
                }
                current = client;
            }
        }
        return current;
    }

    private InternalCallException answered(WebApplicationException e) {
        Response response = e.getResponse();
        int status = response == null ? 0 : response.getStatus();
        return new InternalCallException(
                api.getSimpleName() + " answered " + status, status, detail(response), e);
    }

    private InternalCallException unreachable(ProcessingException e) {
        return new InternalCallException(
                api.getSimpleName() + " gave no usable answer: " + e.getMessage(), 0, null, e);
    }

    /** The problem's detail, or an RFC 6749 error description; empty when there is neither. */
    private static String detail(Response response) {
        if (response == null) {
            return "";
        }
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return "";
            }
            JsonNode json = JSON.readTree(body);
            return json.path("detail").asText(json.path("error_description").asText(""));
        } catch (RuntimeException | java.io.IOException e) {
            return "";
        }
    }
}

package dev.grantwire.guard.quarkus;

import dev.grantwire.guard.VerifiedToken;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The verified access token of the current request, for resource methods: {@code @Inject
 * CurrentToken token; ... token.get().subject()}. Set by the guard's request filter; empty on an
 * unprotected endpoint. Request scoped.
 */
@RequestScoped
public class CurrentToken {

    private VerifiedToken token;

    void set(VerifiedToken token) {
        this.token = token;
    }

    /**
     * The token.
     *
     * @throws IllegalStateException on an endpoint the guard does not protect
     */
    public VerifiedToken get() {
        if (token == null) {
            throw new IllegalStateException(
                    "No verified token: the endpoint is not protected by grantwire-guard");
        }
        return token;
    }

    /** The token, or empty on an unprotected endpoint. */
    public Optional<VerifiedToken> find() {
        return Optional.ofNullable(token);
    }
}

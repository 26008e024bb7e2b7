package dev.grantwire.internal;

/** The headers the internal APIs add to HTTP. */
public final class InternalHeaders {

    /**
     * Names the Grantwire user on whose behalf a service calls (the acting admin of an admin
     * action). The callee trusts it only from a caller holding the API's internal scope, and
     * decides itself what that user may do.
     */
    public static final String ACTING_USER = "Grantwire-Acting-User";

    private InternalHeaders() {}
}

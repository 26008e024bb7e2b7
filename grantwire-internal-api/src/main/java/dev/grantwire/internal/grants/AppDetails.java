package dev.grantwire.internal.grants;

import java.util.List;

/** The details of an app an admin may change; scopes, grant types and auth method stay. */
public record AppDetails(
        String name,
        String publisher,
        String website,
        String logoUri,
        String description,
        List<String> redirectUris) {}

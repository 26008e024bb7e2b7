package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;

/** A client may use only the grant types it registered (RFC 7591 section 2). */
final class GrantTypes {

    private GrantTypes() {}

    static void require(App client, String grantType) {
        if (!client.allowsGrantType(grantType)) {
            throw OAuthException.unauthorizedClient("the client may not use this grant_type");
        }
    }
}

package dev.grantwire.consent.service;

import dev.grantwire.consent.domain.PermissionGroups;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.UUID;

/**
 * What the approval page shows for a stored request.
 *
 * @param returnHost the host the user will be sent back to
 * @param requested the permissions the app asks for that the user has not granted yet
 * @param alreadyGranted the requested permissions the user granted the app before
 * @param switchAccountUri restarts the same request with {@code prompt=select_account}
 */
public record ApprovalPage(
        UUID requestId,
        String csrfToken,
        String appName,
        String publisher,
        String website,
        String description,
        String returnHost,
        String accountName,
        String accountEmail,
        List<PermissionGroups.Group> requested,
        List<PermissionGroups.Group> alreadyGranted,
        String switchAccountUri) {

    /** The host (and port, when given) of a redirect URI, as the page names it. */
    static String returnHost(String redirectUri) {
        try {
            URI parsed = new URI(redirectUri);
            String host = parsed.getHost();
            if (host == null) {
                return redirectUri;
            }
            return parsed.getPort() == -1 ? host : host + ":" + parsed.getPort();
        } catch (URISyntaxException e) {
            return redirectUri;
        }
    }
}

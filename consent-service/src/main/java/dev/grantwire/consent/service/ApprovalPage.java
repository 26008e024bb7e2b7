package dev.grantwire.consent.service;

import dev.grantwire.consent.domain.PermissionCatalog;
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
        List<PermissionCatalog.Group> requested,
        List<PermissionCatalog.Group> alreadyGranted,
        String switchAccountUri) {}

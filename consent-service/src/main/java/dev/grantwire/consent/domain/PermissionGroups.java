package dev.grantwire.consent.domain;

import dev.grantwire.internal.grants.Permission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Permissions grouped by resource for the pages. The words, the groups and their order come from
 * grant-service's catalog, in its answers (an app's or a grant's {@code permissions}, listed group
 * by group in page order); consent-service configures none of them.
 */
public final class PermissionGroups {

    /** The permissions of one resource (work items, code, builds, profile). */
    public record Group(String name, List<Permission> permissions) {}

    private static final String OTHER = "Other";

    private PermissionGroups() {}

    /**
     * The given scopes, grouped as {@code wording} orders them, each group in the given order. A
     * scope {@code wording} does not name is shown as itself under {@value #OTHER}, last.
     */
    public static List<Group> of(List<String> scopes, List<Permission> wording) {
        Map<String, Permission> byScope = new LinkedHashMap<>();
        Map<String, List<Permission>> groups = new LinkedHashMap<>();
        for (Permission permission : wording) {
            byScope.put(permission.scope(), permission);
            groups.putIfAbsent(permission.group(), new ArrayList<>());
        }
        groups.putIfAbsent(OTHER, new ArrayList<>());
        for (String scope : scopes) {
            Permission permission = byScope.get(scope);
            if (permission == null) {
                groups.get(OTHER).add(new Permission(scope, scope, OTHER, false));
            } else {
                groups.get(permission.group()).add(permission);
            }
        }
        List<Group> result = new ArrayList<>();
        groups.forEach(
                (name, list) -> {
                    if (!list.isEmpty()) {
                        result.add(new Group(name, List.copyOf(list)));
                    }
                });
        return moveOtherLast(result);
    }

    private static List<Group> moveOtherLast(List<Group> groups) {
        List<Group> ordered = new ArrayList<>();
        Group other = null;
        for (Group group : groups) {
            if (group.name().equals(OTHER)) {
                other = group;
            } else {
                ordered.add(group);
            }
        }
        if (other != null) {
            ordered.add(other);
        }
        return List.copyOf(ordered);
    }
}

package dev.grantwire.consent.domain;

import dev.grantwire.consent.config.ConsentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The permissions users can be asked for, in plain words and grouped by resource, from {@code
 * grantwire.consent.permissions}. grant-service's catalog holds the scope names and audiences; the
 * words shown to users live here, next to the page that shows them.
 */
@ApplicationScoped
public class PermissionCatalog {

    /** One permission as shown on the approval page. */
    public record Permission(String scope, String description, boolean writes) {}

    /** The permissions of one resource (work items, code, builds, profile). */
    public record Group(String name, List<Permission> permissions) {}

    private final Map<String, ConsentConfig.Permission> permissions;
    private final List<String> groupOrder;

    PermissionCatalog(ConsentConfig config) {
        this.permissions = Map.copyOf(config.permissions());
        this.groupOrder = List.copyOf(config.groupOrder());
    }

    /** The scopes a user can be asked for. */
    public Set<String> scopes() {
        return permissions.keySet();
    }

    /** The given scopes, grouped by resource in the configured order, each group in scope order. */
    public List<Group> group(List<String> scopes) {
        Map<String, List<Permission>> groups = new LinkedHashMap<>();
        for (String scope : scopes) {
            ConsentConfig.Permission p = permissions.get(scope);
            String group = p == null ? "Other" : p.group();
            groups.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(
                            p == null
                                    ? new Permission(scope, scope, false)
                                    : new Permission(scope, p.description(), p.writes()));
        }
        List<Group> result = new ArrayList<>();
        groups.forEach((name, list) -> result.add(new Group(name, List.copyOf(list))));
        result.sort(Comparator.comparingInt(this::rank));
        return List.copyOf(result);
    }

    private int rank(Group group) {
        int index = groupOrder.indexOf(group.name());
        return index < 0 ? groupOrder.size() : index;
    }
}

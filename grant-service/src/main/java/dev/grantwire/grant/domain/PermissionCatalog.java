package dev.grantwire.grant.domain;

import dev.grantwire.grant.config.CatalogConfig;
import dev.grantwire.internal.grants.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The configured permissions and the rules on which of them an app may hold. */
@ApplicationScoped
public class PermissionCatalog {

    private final Map<String, Scope> scopes = new TreeMap<>();
    private final List<String> groupOrder;

    PermissionCatalog(CatalogConfig config) {
        this.groupOrder = List.copyOf(config.groupOrder());
        config.scopes()
                .forEach(
                        (name, definition) ->
                                scopes.put(
                                        name,
                                        new Scope(
                                                name,
                                                definition.audience().orElse(null),
                                                definition.description(),
                                                definition.group(),
                                                definition.writes(),
                                                definition.appLevel())));
    }

    public Optional<Scope> find(String name) {
        return Optional.ofNullable(scopes.get(name));
    }

    /**
     * The given scopes in the words users read, group by group in the configured group order (each
     * group in the given order). A name the catalog does not hold is shown as itself, under {@code
     * Other}.
     */
    public List<Permission> wording(Collection<String> names) {
        List<Permission> permissions = new ArrayList<>();
        for (String name : names) {
            Scope scope = scopes.get(name);
            permissions.add(
                    scope == null
                            ? new Permission(name, name, "Other", false)
                            : new Permission(
                                    name, scope.description(), scope.group(), scope.writes()));
        }
        permissions.sort(Comparator.comparingInt(p -> rank(p.group())));
        return List.copyOf(permissions);
    }

    /** The wording of those of the given scopes that a user can be asked for. */
    public List<Permission> consentableWording(Collection<String> names) {
        return wording(
                names.stream()
                        .filter(n -> scopes.containsKey(n) && scopes.get(n).consentable())
                        .toList());
    }

    private int rank(String group) {
        int index = groupOrder.indexOf(group);
        return index < 0 ? groupOrder.size() : index;
    }

    /** Every scope an app may register or a user may consent to (internal ones excluded). */
    public List<Scope> publicScopes() {
        return scopes.values().stream().filter(s -> !s.internal()).toList();
    }

    /** Whether an app (not an internal client) may register and be granted this scope. */
    public boolean grantableToApps(String name) {
        Scope scope = scopes.get(name);
        return scope != null && !scope.internal();
    }

    /** The audiences of these scopes, in order, without duplicates. */
    public List<String> audiences(Collection<String> names) {
        Set<String> audiences = new LinkedHashSet<>();
        for (String name : names) {
            Scope scope = scopes.get(name);
            if (scope != null && scope.audience() != null) {
                audiences.add(scope.audience());
            }
        }
        return new ArrayList<>(audiences);
    }

    /** Splits an RFC 6749 section 3.3 scope string; {@code null} or blank gives an empty set. */
    public static Set<String> parse(String scope) {
        Set<String> names = new LinkedHashSet<>();
        if (scope != null) {
            for (String name : scope.trim().split(" +")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}

package dev.grantwire.examples.resource.service;

import dev.grantwire.examples.resource.domain.Build;
import dev.grantwire.examples.resource.domain.CodeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Fixed demo data for the code and builds APIs, derived from the user id so that two users see
 * different (but stable) repositories.
 */
@ApplicationScoped
public class DemoCatalog {

    /** The user's repositories. */
    public List<CodeRepository> repositories(String userId) {
        String owner = shortName(userId);
        return List.of(
                new CodeRepository(owner + "/web-shop", "main", "private"),
                new CodeRepository(owner + "/mobile-app", "main", "private"),
                new CodeRepository(owner + "/docs", "main", "public"));
    }

    /** The latest builds of the user's repositories. */
    public List<Build> builds(String userId) {
        String owner = shortName(userId);
        long base = Math.floorMod(userId.hashCode(), 1000) * 10L;
        return List.of(
                new Build(base + 3, owner + "/web-shop", "running"),
                new Build(base + 2, owner + "/web-shop", "succeeded"),
                new Build(base + 1, owner + "/mobile-app", "failed"));
    }

    private static String shortName(String userId) {
        return "user-" + userId.substring(0, Math.min(8, userId.length()));
    }
}

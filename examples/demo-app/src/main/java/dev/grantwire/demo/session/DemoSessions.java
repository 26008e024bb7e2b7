package dev.grantwire.demo.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of this app, in memory (a demo: a restart forgets them), by a 256-bit random id that
 * the browser holds in an HttpOnly, SameSite=Lax cookie.
 */
@ApplicationScoped
public class DemoSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "demo_session";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, DemoSession> byId = new ConcurrentHashMap<>();

    /** The session of that id, or null when there is none (no cookie, or a forgotten one). */
    public DemoSession find(String id) {
        return id == null ? null : byId.get(id);
    }

    /** A new session with a fresh id and its own token for the page's forms. */
    public DemoSession create() {
        DemoSession session = new DemoSession(randomToken(), randomToken());
        byId.put(session.id(), session);
        return session;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

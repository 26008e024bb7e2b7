package dev.grantwire.demo.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.grantwire.demo.config.DemoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The sessions of this app, in memory (a demo: a restart forgets them), by a 256-bit random id that
 * the browser holds in an HttpOnly, SameSite=Lax cookie. A session unused for the idle timeout is
 * forgotten, and at most {@code maxSessions} are held (the least recently used go first): every
 * visit without a cookie makes one, so an unbounded table would let anyone fill the heap.
 */
@ApplicationScoped
public class DemoSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "demo_session";

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, DemoSession> byId;

    @Inject
    DemoSessions(DemoConfig config) {
        this(config.sessionIdleTimeout(), config.maxSessions(), Ticker.systemTicker());
    }

    /**
     * Sessions forgotten after {@code idleTimeout} without a request, at most {@code maxSessions}.
     */
    public DemoSessions(Duration idleTimeout, long maxSessions, Ticker ticker) {
        this.byId =
                Caffeine.newBuilder()
                        .expireAfterAccess(idleTimeout)
                        .maximumSize(maxSessions)
                        .ticker(ticker)
                        // Evict on the caller's thread: no background pool, and tests see it at
                        // once.
                        .executor(Runnable::run)
                        .build();
    }

    /** The session of that id, or null when there is none (no cookie, or a forgotten one). */
    public DemoSession find(String id) {
        return id == null ? null : byId.getIfPresent(id);
    }

    /** A new session with a fresh id and its own token for the page's forms. */
    public DemoSession create() {
        DemoSession session = new DemoSession(randomToken(), randomToken());
        byId.put(session.id(), session);
        return session;
    }

    /** How many sessions are held now (after pending evictions). */
    public long size() {
        byId.cleanUp();
        return byId.estimatedSize();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

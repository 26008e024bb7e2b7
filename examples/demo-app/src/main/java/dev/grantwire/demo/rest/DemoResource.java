package dev.grantwire.demo.rest;

import dev.grantwire.demo.api.ApiException;
import dev.grantwire.demo.api.WorkItem;
import dev.grantwire.demo.oauth.TokenEndpointException;
import dev.grantwire.demo.service.ConnectionService;
import dev.grantwire.demo.service.RevokedException;
import dev.grantwire.demo.session.DemoSession;
import dev.grantwire.demo.session.DemoSessions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** The demo app's pages: home (Connect, or the work items), the OAuth callback, new work items. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DemoResource {

    /** What the page shows. {@code problem} is a sentence for the user, or null. */
    public record View(
            String status,
            String error,
            List<WorkItem> items,
            String problem,
            boolean canCreate,
            String csrfToken) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    private final DemoSessions sessions;
    private final ConnectionService connection;

    DemoResource(DemoSessions sessions, ConnectionService connection) {
        this.sessions = sessions;
        this.connection = connection;
    }

    @GET
    public Response home(@CookieParam(DemoSessions.COOKIE) String sessionId) {
        DemoSession session = sessions.find(sessionId);
        if (session == null) {
            session = sessions.create();
            return withCookie(Response.ok(page(session, null, 200)), session);
        }
        return Response.ok(page(session, null, 200)).build();
    }

    @POST
    @Path("connect")
    public Response connect(
            @CookieParam(DemoSessions.COOKIE) String sessionId,
            @FormParam("csrf_token") String csrfToken) {
        DemoSession session = sessions.find(sessionId);
        if (session == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        if (!session.csrfMatches(csrfToken)) {
            return problem(session, FORGED, 403).build();
        }
        try {
            return Response.seeOther(connection.connect(session)).build();
        } catch (TokenEndpointException e) {
            return problem(session, "Grantwire is not reachable right now. Try again.", 503)
                    .build();
        }
    }

    @GET
    @Path("callback")
    public Response callback(
            @CookieParam(DemoSessions.COOKIE) String sessionId,
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @QueryParam("iss") String iss) {
        DemoSession session = sessions.find(sessionId);
        if (session == null) {
            session = sessions.create();
            return withCookie(problem(session, MISMATCH, 400), session);
        }
        try {
            if (!connection.finish(session, code, state, error, iss)) {
                return problem(session, MISMATCH, 400).build();
            }
        } catch (TokenEndpointException e) {
            return problem(session, "Grantwire did not accept the answer (" + e.error() + ").", 502)
                    .build();
        }
        return Response.seeOther(URI.create("/")).build();
    }

    @POST
    @Path("work-items")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(
            @CookieParam(DemoSessions.COOKIE) String sessionId,
            @FormParam("csrf_token") String csrfToken,
            @FormParam("title") String title) {
        DemoSession session = sessions.find(sessionId);
        if (session == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        if (!session.csrfMatches(csrfToken)) {
            return problem(session, FORGED, 403).build();
        }
        if (title == null || title.isBlank()) {
            return problem(session, "A work item needs a title.", 400).build();
        }
        try {
            connection.create(session, title.strip());
        } catch (RevokedException e) {
            // The page says so.
        } catch (ApiException | TokenEndpointException e) {
            return problem(session, e.getMessage(), 502).build();
        }
        return Response.seeOther(URI.create("/")).build();
    }

    private static final String FORGED =
            "This form did not come from this app's page, so nothing was done. Try again from"
                    + " here.";

    private static final String MISMATCH =
            "This answer does not match a request this browser started. Connect again.";

    private Response.ResponseBuilder problem(DemoSession session, String problem, int status) {
        return Response.status(status).entity(page(session, problem, status));
    }

    private TemplateInstance page(DemoSession session, String problem, int status) {
        List<WorkItem> items = List.of();
        String shown = problem;
        if (session.status() == DemoSession.Status.CONNECTED) {
            try {
                items = connection.workItems(session);
            } catch (RevokedException e) {
                // session.status() is REVOKED now.
            } catch (ApiException | TokenEndpointException e) {
                shown = shown == null ? e.getMessage() : shown;
            }
        }
        DemoSession.Status now = session.status();
        return Templates.page(
                new View(
                        now.name(),
                        session.error(),
                        items,
                        shown,
                        now == DemoSession.Status.CONNECTED,
                        session.csrfToken()));
    }

    private static Response withCookie(Response.ResponseBuilder response, DemoSession session) {
        NewCookie cookie =
                new NewCookie.Builder(DemoSessions.COOKIE)
                        .value(session.id())
                        .path("/")
                        .httpOnly(true)
                        .sameSite(NewCookie.SameSite.LAX)
                        .build();
        return response.cookie(cookie).build();
    }
}

package dev.grantwire.examples.resource.rest;

import dev.grantwire.examples.resource.domain.WorkItem;
import dev.grantwire.examples.resource.service.WorkItemService;
import dev.grantwire.guard.quarkus.CurrentToken;
import dev.grantwire.guard.quarkus.RequiresScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** The signed-in user's work items. */
@Path("/api/work-items")
@Produces(MediaType.APPLICATION_JSON)
public class WorkItemResource {

    /** The body of a create request. */
    public record NewWorkItem(String title) {}

    private final WorkItemService service;
    private final CurrentToken token;

    WorkItemResource(WorkItemService service, CurrentToken token) {
        this.service = service;
        this.token = token;
    }

    /** The caller's items. */
    @GET
    @RequiresScope("work_items.read")
    public List<WorkItem> list() {
        return service.list(token.get().subject());
    }

    /** Creates an item owned by the caller: 201, or 400 problem for a bad title. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("work_items.write")
    public Response create(NewWorkItem body) {
        try {
            WorkItem item =
                    service.create(token.get().subject(), body == null ? null : body.title());
            return Response.created(
                            UriBuilder.fromResource(WorkItemResource.class)
                                    .path(Long.toString(item.id()))
                                    .build())
                    .entity(item)
                    .build();
        } catch (IllegalArgumentException e) {
            return Problems.badRequest(e.getMessage());
        }
    }
}

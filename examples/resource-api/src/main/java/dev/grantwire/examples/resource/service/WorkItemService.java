package dev.grantwire.examples.resource.service;

import dev.grantwire.examples.resource.domain.WorkItem;
import dev.grantwire.examples.resource.persistence.WorkItemRepository;
import dev.grantwire.protocol.InputText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Work items of the signed-in user: each user sees and creates only their own. */
@ApplicationScoped
public class WorkItemService {

    private final WorkItemRepository repository;

    WorkItemService(WorkItemRepository repository) {
        this.repository = repository;
    }

    /** The user's items. */
    public List<WorkItem> list(String userId) {
        return repository.findByOwner(userId);
    }

    /**
     * Creates an item for the user.
     *
     * @throws IllegalArgumentException if the title is blank or longer than {@value
     *     WorkItem#MAX_TITLE_LENGTH} characters
     */
    public WorkItem create(String userId, String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        if (!InputText.isAcceptable(title)) {
            // A NUL cannot be stored at all; control characters would forge lines where it shows.
            throw new IllegalArgumentException("title holds a character a title cannot have");
        }
        String trimmed = title.strip();
        if (trimmed.length() > WorkItem.MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException(
                    "title must have at most " + WorkItem.MAX_TITLE_LENGTH + " characters");
        }
        return repository.insert(userId, trimmed);
    }
}

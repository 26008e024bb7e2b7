package dev.grantwire.internal.edge;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** problem+json for every path: the answers of a service that declares no shapes of its own. */
@DefaultBean
@ApplicationScoped
public class ProblemAnswers implements ErrorAnswers {

    @Override
    public Answer answer(String path, int status, String detail) {
        return ErrorAnswers.problem(status, detail);
    }
}

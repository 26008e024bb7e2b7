package dev.grantwire.consent.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;

/** A plain page with a title, a message in plain words and a way back. */
final class Pages {

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance message(String title, String message, String back);
    }

    private Pages() {}

    static Response message(int status, String title, String message, String back) {
        return AuthorizeResource.page(status, Templates.message(title, message, back));
    }
}

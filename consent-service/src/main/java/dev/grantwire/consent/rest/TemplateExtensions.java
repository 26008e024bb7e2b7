package dev.grantwire.consent.rest;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small helpers for the pages' templates. */
@TemplateExtension
final class TemplateExtensions {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TemplateExtensions() {}

    /** The value as one query-string parameter value. */
    static String urlEncoded(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An instant as the pages show times. */
    static String shown(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** Epoch milliseconds (the ledger's times) as the pages show times. */
    static String shownMillis(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}

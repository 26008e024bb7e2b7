package dev.grantwire.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Validates event data against the shipped JSON Schemas (networknt json-schema-validator). */
final class Schemas {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Schemas() {}

    /** The schema of a known type, loaded through {@link EventSchemas}. */
    static JsonSchema forType(String type) {
        try (InputStream in = EventSchemas.open(type)) {
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The draft 2020-12 meta-schema (bundled with the validator, not fetched). */
    static JsonSchema metaSchema() {
        return FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    }

    /** The validation errors of data against a type's schema; empty when valid. */
    static List<String> errors(String type, byte[] data) {
        return errors(forType(type), readTree(data));
    }

    static List<String> errors(JsonSchema schema, JsonNode data) {
        Set<ValidationMessage> messages = schema.validate(data);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    static JsonNode readTree(byte[] data) {
        try {
            return MAPPER.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readResource(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

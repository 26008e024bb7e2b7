package dev.grantwire.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.grantwire.protocol.InputText;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON bodies are read strictly, server and client side, every refusal a 400 ({@link
 * InvalidJsonMapper}):
 *
 * <ul>
 *   <li>text fields take only JSON strings: {@code "subject": 42} is a bad request, never a lookup
 *       of the subject "42";
 *   <li>a text holds nothing {@link InputText} refuses (a NUL, which PostgreSQL cannot store, a
 *       control character, a lone surrogate);
 *   <li>a key given twice is refused (RFC 8259 section 4 leaves it to the reader; readers that keep
 *       the first and the last would read two different requests).
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(
                new SimpleModule("grantwire-input-text")
                        .addDeserializer(String.class, new AcceptableText()));
    }

    /** Jackson's own text reading, then {@link InputText}'s rule. */
    static final class AcceptableText extends StdScalarDeserializer<String> {

        AcceptableText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (!InputText.isAcceptable(text)) {
                throw MismatchedInputException.from(
                        parser, String.class, "a text holds a character no field accepts");
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }
}

package dev.grantwire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    record Body(String subject, List<String> scopes) {}

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void customize() {
        new StrictJson().customize(mapper);
    }

    @Test
    void readWhenPlainTextThenRead() throws JsonProcessingException {
        Body body =
                mapper.readValue(
                        "{\"subject\":\"alice\\tB\",\"scopes\":[\"a\",\"b\"]}", Body.class);

        assertThat(body).isEqualTo(new Body("alice\tB", List.of("a", "b")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"subject\":\"a\\u0000b\"}",
                "{\"subject\":\"\\u001b[31m\"}",
                "{\"subject\":\"\\ud800\"}",
                "{\"scopes\":[\"ok\",\"\\u0000\"]}",
                "{\"subject\":42}",
                "{\"subject\":true}",
                "{\"subject\":\"a\",\"subject\":\"b\"}",
                "{\"subject\":\"a\",\"scopes\":[],\"subject\":null}"
            })
    void readWhenATextHoldsARefusedCharacterIsNotAStringOrAKeyRepeatsThenRefused(String json) {
        assertThatThrownBy(() -> mapper.readValue(json, Body.class))
                .isInstanceOf(JsonProcessingException.class);
    }
}

package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

    @Test
    void parseWhenWellFormedThenEveryValueInOrder() {
        Map<String, List<String>> form =
                FormBody.parse("grant_type=refresh_token&scope=a+b&scope=c&empty=&flag");

        assertThat(form)
                .containsExactly(
                        Map.entry("grant_type", List.of("refresh_token")),
                        Map.entry("scope", List.of("a b", "c")),
                        Map.entry("empty", List.of("")),
                        Map.entry("flag", List.of("")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a=%zz",
                "a=%",
                "a=%e9",
                "a%zz=1",
                "token=a%00b",
                "client_id=x%0d%0aInjected%3A1%01",
                "a=\u0000",
                "a=%ed%a0%80"
            })
    void parseWhenAnEncodingIsBrokenOrATextRefusedThenMalformed(String body) {
        assertThatThrownBy(() -> FormBody.parse(body))
                .isInstanceOf(FormBody.Malformed.class)
                .hasMessageNotContaining(body);
    }

    @Test
    void quotableWhenAPlainOAuthNameThenItselfElseNothingOfTheCallers() {
        assertThat(FormBody.quotable("grant_type")).isEqualTo("grant_type");
        assertThat(FormBody.quotable("<script>")).isEqualTo("a parameter");
        assertThat(FormBody.quotable("a\"b")).isEqualTo("a parameter");
    }
}

package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MemberNamesTest {
    private final JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Test
    void findsTheSecondOfTwoNamesInOneObjectOnly() throws IOException {
        assertThat(twice("{\"a\":1,\"b\":{\"a\":2,\"c\":{\"a\":3}},\"d\":{\"a\":4},\"a\":5}")).containsExactly("a");
        assertThat(twice("{\"p\":{\"x\":1},\"q\":{\"x\":2,\"x\":3}}")).containsExactly("x");
    }

    @Test
    void namesWithTheSameHashAreNotTheSameName() throws IOException {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());

        assertThat(twice("{\"Aa\":1,\"BB\":2}")).isEmpty();
        assertThat(twice("{\"Aa\":1,\"BB\":2,\"Aa\":3}")).containsExactly("Aa");
    }

    @Test
    void anObjectOfManyMembersIsCheckedInFull() throws IOException {
        String many = IntStream.range(0, 200).mapToObj(i -> "\"m" + i + "\":" + i)
                .collect(Collectors.joining(",", "{", ""));

        assertThat(twice(many + "}")).isEmpty();
        assertThat(twice(many + ",\"m7\":0,\"m199\":0}")).containsExactly("m7", "m199");
    }

    @Test
    void aFactoryWithoutDetectionKeepsTheOtherSettings() {
        JsonFactory plain = MemberNames.without(JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(3)
                        .build()).build());

        assertThat(plain.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)).isFalse();
        assertThat(plain.streamReadConstraints().getMaxNestingDepth()).isEqualTo(3);
    }

    /** Each member name {@link MemberNames} finds a second time in its object, walking every object of the text. */
    private List<String> twice(String json) throws IOException {
        List<String> found = new ArrayList<>();
        MemberNames names = new MemberNames();
        try (JsonParser p = MemberNames.without(strict).createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    names.object(p);
                } else if (t == JsonToken.FIELD_NAME && !names.add(p)) {
                    found.add(p.currentName());
                }
            }
        }
        return found;
    }
}

package dev.tributary.domain.batch;

import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupedBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String join(InputFormat format, String... bodies) {
        return new String(GroupedBody.join(format, Arrays.stream(bodies).map(GroupedBodyTest::bytes).toList()),
                StandardCharsets.UTF_8);
    }

    @Test
    void aBodyAloneIsKeptByteForByte() {
        byte[] body = bytes("{\"a\":1}");   // no line break: not added when nothing is joined

        assertThat(GroupedBody.join(InputFormat.NDJSON, List.of(body))).isSameAs(body);
    }

    @Test
    void ndjsonBodiesFollowEachOtherEachEndingWithALineBreak() {
        assertThat(join(InputFormat.NDJSON, "{\"a\":1}\n{\"a\":2}\n", "{\"a\":3}", "{\"a\":4}\r\n"))
                .isEqualTo("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\r\n");
    }

    @Test
    void jsonObjectsAndArraysBecomeOneArrayOfTheirObjectsAsSent() {
        assertThat(join(InputFormat.JSON, " {\"a\": 1} ", "[{\"a\":2},\n {\"a\":3}]\n", "{ \"a\" : 4 }"))
                .isEqualTo("[\n{\"a\": 1},\n{\"a\":2},\n {\"a\":3},\n{ \"a\" : 4 }\n]\n");
    }

    @Test
    void csvKeepsTheHeaderOnceAndEveryBodysRows() {
        assertThat(join(InputFormat.CSV, "id,v\r\n1,a\r\n", "id,v\r\n2,b", "id,v\n3,\"c\nd\"\n"))
                .isEqualTo("id,v\r\n1,a\r\n2,b\n3,\"c\nd\"\n");
    }

    @Test
    void aByteOrderMarkIsDroppedFromEveryBodyButTheFirst() {
        String bom = "\uFEFF";

        assertThat(join(InputFormat.NDJSON, bom + "{\"a\":1}\n", bom + "{\"a\":2}\n")).isEqualTo(bom + "{\"a\":1}\n{\"a\":2}\n");
        assertThat(join(InputFormat.CSV, bom + "id\n1\n", bom + "id\n2\n")).isEqualTo(bom + "id\n1\n2\n");
        assertThat(GroupedBody.key(InputFormat.CSV, bytes(bom + "id\n1\n"))).isEqualTo(GroupedBody.key(InputFormat.CSV, bytes("id\n2\n")));
    }

    @Test
    void csvBodiesGroupByTheirHeaderLine() {
        assertThat(GroupedBody.key(InputFormat.CSV, bytes("id,v\r\n1,a\r\n"))).isPresent()
                .isEqualTo(GroupedBody.key(InputFormat.CSV, bytes("id,v\n2,b")));
        assertThat(GroupedBody.key(InputFormat.CSV, bytes("v,id\n1,a\n"))).isPresent()
                .isNotEqualTo(GroupedBody.key(InputFormat.CSV, bytes("id,v\n1,a\n")));
        assertThat(GroupedBody.key(InputFormat.CSV, bytes("\"id\",v\n1,a\n"))).isEmpty();
        assertThat(GroupedBody.key(InputFormat.CSV, bytes("\n1,a\n"))).isEmpty();
        assertThat(GroupedBody.key(InputFormat.CSV, bytes(" \t\r\n1,a\n"))).isEmpty();
    }

    @Test
    void onlyJsonObjectsAndArraysAreGrouped() {
        assertThat(GroupedBody.key(InputFormat.JSON, bytes("  {\"a\":1}"))).isEqualTo(Optional.of(""));
        assertThat(GroupedBody.key(InputFormat.JSON, bytes("\n[{\"a\":1}]"))).isEqualTo(Optional.of(""));
        assertThat(GroupedBody.key(InputFormat.JSON, bytes("42"))).isEmpty();
        assertThat(GroupedBody.key(InputFormat.NDJSON, bytes("anything"))).isEqualTo(Optional.of(""));
    }

    @Test
    void refusesToJoinBodiesOfDifferentGroups() {
        assertThatThrownBy(() -> join(InputFormat.CSV, "id,v\n1,a\n", "v,id\na,1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different groups");
        assertThatThrownBy(() -> GroupedBody.join(InputFormat.NDJSON, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

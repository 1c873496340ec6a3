package dev.tributary.adapters.formats.codec;

import dev.tributary.domain.batch.GroupedBody;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A grouped body reads, with the real codec, as every post's records in order: grouping changes no record. */
class GroupedBodyDecodeTest {
    private final JacksonRecordCodec codec = new JacksonRecordCodec();

    static Stream<Arguments> posts() {
        return Stream.of(
                Arguments.of(InputFormat.NDJSON, List.of("{\"a\":1,\"b\":{\"c\":\"x\"}}\n{\"a\":2}", "\uFEFF{\"a\":3}\r\n",
                        "\n{\"a\":4}\n\n{\"a\":5,\"n\":null}\n")),
                Arguments.of(InputFormat.JSON, List.of("{\"a\":1,\"b\":{\"c\":\"x\"}}", " [ {\"a\":2} , {\"a\":\"3\"} ]\n",
                        "\uFEFF{\"a\":[1,2]}", "[{\"a\":5}]")),
                Arguments.of(InputFormat.CSV, List.of("id,note\r\n1,plain\r\n", "id,note\n2,\"two\nlines\"",
                        "\uFEFFid,note\n3,\"quoted, comma\"\n\n4,\n")));
    }

    @ParameterizedTest
    @MethodSource("posts")
    void aGroupedBodyReadsAsTheRecordsOfItsPostsInOrder(InputFormat format, List<String> posts) {
        List<byte[]> bodies = posts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
        assertThat(bodies).allSatisfy(b -> assertThat(GroupedBody.key(format, b)).isEqualTo(GroupedBody.key(format, bodies.get(0))));

        byte[] grouped = GroupedBody.join(format, bodies);

        List<Map<String, String>> separately = bodies.stream()
                .flatMap(b -> codec.decode(format, b).stream()).map(RawRecord::values).toList();
        List<Map<String, String>> together = codec.decode(format, grouped).stream().map(RawRecord::values).toList();
        assertThat(together).isEqualTo(separately).hasSizeGreaterThan(posts.size());
        assertThat(codec.count(format, grouped)).isEqualTo(separately.size());
    }

    @ParameterizedTest
    @MethodSource("posts")
    void everyPostsBytesAreInTheGroupedBody(InputFormat format, List<String> posts) {
        String grouped = new String(GroupedBody.join(format, posts.stream()
                .map(p -> p.getBytes(StandardCharsets.UTF_8)).toList()), StandardCharsets.UTF_8);

        // each post's records, as sent (the CSV header and a byte order mark appear once)
        for (String post : posts) {
            String records = post.replace("\uFEFF", "");
            if (format == InputFormat.CSV) {
                records = records.substring(records.indexOf('\n') + 1);
            } else if (format == InputFormat.JSON && records.strip().startsWith("[")) {
                records = records.strip();
                records = records.substring(1, records.length() - 1).strip();
            }
            assertThat(grouped).contains(records.strip());
        }
    }
}

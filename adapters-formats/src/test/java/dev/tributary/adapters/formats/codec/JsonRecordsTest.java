package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tributary.domain.source.InputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRecordsTest {
    private final JsonRecords records = new JsonRecords(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n", "a", "a\n", "a\nb", "a\n\nb\n", " \n{}\n  ", "a\r\nb", "a\rb\n",
            "a\r", "\r\n\r\n", "é\n€\n😀"})
    void splitsLinesExactlyAsStringLines(String text) {
        List<String> lines = new ArrayList<>();

        JsonRecords.lines(text).forEach(lines::add);

        assertThat(lines).isEqualTo(text.lines().toList());
    }

    @Test
    void readsPlainNdjsonStraightFromTheBytes() {
        byte[] body = "{\"a\":\"1\",\"n\":{\"m\":2}}\r\n\n {\"a\":\"東京\"}\t\r{\"n\":{\"m\":3}}\n".getBytes(StandardCharsets.UTF_8);

        assertThat(records.readPlain(InputFormat.NDJSON, body)).extracting(r -> r.values().toString())
                .containsExactly("{a=1, n.m=2}", "{a=東京}", "{n.m=3}");
        assertThat(records.countPlain(InputFormat.NDJSON, body)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\n1}", "{\"a\":1} {\"a\":2}", "[{\"a\":1}]", "\u0000{\"a\":1}", " \n ",
            "{\"a\":1}\n\u2003", "{\"a\":1}\n{\"a\":", "{\"a.b\":1,\"a\":{\"b\":2}}"})
    void leavesEverythingButPlainNdjsonToTheTextReader(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(records.readPlain(InputFormat.NDJSON, bytes)).isNull();
        assertThat(records.countPlain(InputFormat.NDJSON, bytes)).isEqualTo(-1);
    }
}

package dev.tributary.adapters.local.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRecordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n", "a", "a\n", "a\nb", "a\n\nb\n", " \n{}\n  ", "a\r\nb", "a\rb\n",
            "a\r", "\r\n\r\n", "é\n€\n😀"})
    void splitsLinesExactlyAsStringLines(String text) {
        List<String> lines = new ArrayList<>();

        JsonRecords.lines(text).forEach(lines::add);

        assertThat(lines).isEqualTo(text.lines().toList());
    }
}

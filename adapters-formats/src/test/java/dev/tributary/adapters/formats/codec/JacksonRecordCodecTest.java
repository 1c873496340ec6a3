package dev.tributary.adapters.formats.codec;

import dev.tributary.application.port.out.RecordCodec;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RawRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.rules.CleaningOutcome;
import dev.tributary.domain.source.InputFormat;
import dev.tributary.domain.source.SourceDefinition;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS;
import static dev.tributary.adapters.formats.codec.CodecFixtures.ORDERS_KEEPING;
import static dev.tributary.adapters.formats.codec.CodecFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class JacksonRecordCodecTest {
    private final JacksonRecordCodec codec = new JacksonRecordCodec();

    private List<RawRecord> decode(InputFormat format, String body) {
        return codec.decode(format, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Map<String, String>> values(List<RawRecord> records) {
        return records.stream().map(RawRecord::values).toList();
    }

    @Nested
    class Json {
        @Test
        void readsASingleObjectAsOneRecord() {
            List<RawRecord> records = decode(InputFormat.JSON, "{\"order_id\":\"A1\",\"amount\":12.50}");

            assertThat(records).hasSize(1);
            assertThat(records.get(0).position()).isEqualTo(new RecordPosition(0));
            assertThat(records.get(0).values()).containsExactly(Map.entry("order_id", "A1"), Map.entry("amount", "12.50"));
        }

        @Test
        void readsAnArrayOfObjectsInOrder() {
            List<RawRecord> records = decode(InputFormat.JSON, "[{\"id\":\"a\"},\n {\"id\":\"b\"}, {\"id\":\"c\"}]");

            assertThat(records).extracting(r -> r.position().index()).containsExactly(0, 1, 2);
            assertThat(records).extracting(r -> r.get("id")).containsExactly("a", "b", "c");
        }

        @Test
        void flattensNestedObjectsToDottedNames() {
            List<RawRecord> records = decode(InputFormat.JSON,
                    "{\"customer\":{\"country\":\"DE\",\"address\":{\"zip\":\"10115\"}},\"id\":1}");

            assertThat(records.get(0).values()).containsExactly(Map.entry("customer.country", "DE"),
                    Map.entry("customer.address.zip", "10115"), Map.entry("id", "1"));
        }

        @Test
        void keepsNumbersBooleansAndArraysAsSent() {
            List<RawRecord> records = decode(InputFormat.JSON,
                    "{\"a\":12.5000,\"b\":1e3,\"c\":123456789012345678901234567890,\"d\":true,\"e\":[1,\"x\",{\"y\":2}]}");

            assertThat(records.get(0).values()).containsExactly(Map.entry("a", "12.5000"), Map.entry("b", "1e3"),
                    Map.entry("c", "123456789012345678901234567890"), Map.entry("d", "true"),
                    Map.entry("e", "[1,\"x\",{\"y\":2}]"));
        }

        @Test
        void treatsNullAsAbsent() {
            List<RawRecord> records = decode(InputFormat.JSON, "{\"a\":null,\"b\":{\"c\":null},\"d\":\"\"}");

            assertThat(records.get(0).values()).containsExactly(Map.entry("d", ""));
        }

        @Test
        void readsUnicodeAndIgnoresAByteOrderMark() {
            byte[] body = ("\uFEFF{\"city\":\"Zürich 東京 \\u00e9 \uD83D\uDE80\"}").getBytes(StandardCharsets.UTF_8);

            List<RawRecord> records = codec.decode(InputFormat.JSON, body);

            assertThat(records.get(0).get("city")).isEqualTo("Zürich 東京 é \uD83D\uDE80");
        }

        @Test
        void readsAnEmptyArrayAsNoRecords() {
            assertThat(decode(InputFormat.JSON, "[ ]")).isEmpty();
        }

        @Test
        void rejectsAnArrayElementThatIsNotAnObjectNamingTheRecord() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "[{\"a\":1},\n{\"a\":2},\n\"secret\"]"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("record 3 (line 3, column 1): expected a JSON object, found a string");
        }

        @Test
        void rejectsBrokenJsonWithLineAndColumnButNotTheContent() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "[{\"a\":1},\n{\"a\": secret}]"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageStartingWith("record 2 (line 2, column ")
                    .hasMessageEndingWith("not valid JSON")
                    .hasMessageNotContaining("secret");
        }

        @Test
        void refusesNestingDeeperThanTheLimitAndSaysSo() {
            String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

            assertThatThrownBy(() -> codec.count(InputFormat.NDJSON, (deep + "\n").getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(MalformedBatchException.class).hasMessageContaining("nested more than 32 levels");
            assertThatThrownBy(() -> decode(InputFormat.JSON, deep)).isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("nested more than 32 levels");
            assertThat(decode(InputFormat.JSON, "{\"a\":".repeat(20) + "1" + "}".repeat(20))).hasSize(1);
        }

        /** Issue 13: a record may have 1,000 fields, nested members counted flattened; the error names the record. */
        @Test
        void refusesARecordWithMoreFieldsThanTheLimitOnEveryReadingPath() {
            StringBuilder wide = new StringBuilder("{\"id\":1,\"n\":{");
            for (int i = 0; i < 1_000; i++) {
                wide.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
            }
            String record = wide.append("}}").toString();
            byte[] ndjson = ("{\"id\":0}\n" + record + "\n").getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> codec.decode(InputFormat.NDJSON, ndjson)).isInstanceOf(MalformedBatchException.class)
                    .hasMessageStartingWith("record 2 (line 2, column ").hasMessageContaining("more than 1000 fields");
            assertThatThrownBy(() -> codec.decode(InputFormat.NDJSON, ndjson, Set.of("id")))
                    .isInstanceOf(MalformedBatchException.class).hasMessageContaining("more than 1000 fields");
            assertThat(decode(InputFormat.JSON, record.replace(",\"f999\":999", ""))).hasSize(1);   // 1,000 fields
        }

        @Test
        void refusesANumberWithMoreDigitsThanTheLimit() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "{\"n\":" + "9".repeat(101) + "}"))
                    .isInstanceOf(MalformedBatchException.class).hasMessageContaining("longer than 100 digits");
        }

        @Test
        void rejectsTruncatedJson() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "[{\"a\":1}, {\"a\":"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("record 2")
                    .hasMessageContaining("unexpected end of input");
        }

        @Test
        void rejectsAScalarBody() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "42"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("expected a JSON object or an array of objects, found a number");
        }

        @Test
        void rejectsContentAfterTheValue() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "{\"a\":1}\n{\"a\":2}"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("(line 2, column 1): unexpected content after the JSON value");
        }

        @Test
        void rejectsADuplicatedMember() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "{\"a\":1,\"a\":2}"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("a member name appears twice");
        }

        @Test
        void rejectsMembersThatFlattenToTheSameName() {
            assertThatThrownBy(() -> decode(InputFormat.JSON, "{\"a.b\":1,\"a\":{\"b\":2}}"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("record 1")
                    .hasMessageContaining("flatten to the same dotted name");
        }

        @Test
        void anNdjsonRecordsErrorNamesItsLineInTheBodyNotInItsOwnParser() {
            assertThatThrownBy(() -> decode(InputFormat.NDJSON, "{\"a\":1}\n\n{\"a.b\":1,\"a\":{\"b\":2}}\n"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageStartingWith("record 2 (line 3, column ")
                    .hasMessageContaining("flatten to the same dotted name");
        }
    }

    @Nested
    class Count {
        /** Flat input names at every depth the bodies reach, some present, some not. */
        private static final Set<String> INPUTS = Set.of("a", "b.c", "n.m", "x", "p.x", "a.b.c");

        static Stream<Arguments> bodies() {
            return Stream.of(
                    Arguments.of(InputFormat.JSON, "{\"a\":1}"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1},{\"b\":{\"c\":[1,{\"d\":2}]}},{}]"),
                    Arguments.of(InputFormat.JSON, "[]"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1},\n\"secret\"]"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1},\n{\"a\": secret}]"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1}"),
                    Arguments.of(InputFormat.JSON, "\"secret\""),
                    Arguments.of(InputFormat.JSON, "{} {}"),
                    Arguments.of(InputFormat.JSON, "{\"a\":1,\"a\":2}"),
                    Arguments.of(InputFormat.JSON, "{\"a.b\":1}"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1},{\"a.b\":1,\"a\":{\"b\":2}}]"),
                    Arguments.of(InputFormat.JSON, "  "),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"1\"}\r\n\r\n   \n{\"a\":\"2\",\"n\":{\"m\":3}}\r\n"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n\n{\"a\":1\n{\"a\":3}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n[{\"a\":2}]"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1} {\"a\":2}"),
                    Arguments.of(InputFormat.NDJSON, "{\"x\":[{\"k\":1,\"k\":2}]}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"\\q\"}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"\u0001\"}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a.b\":1}\n{\"a.b\":1,\"a\":{\"b\":2}}"),
                    Arguments.of(InputFormat.CSV, "a,b\n1,2\n3,4"),
                    // read from the bytes, or handed to the text reader: both must answer alike
                    Arguments.of(InputFormat.JSON, "\n[\n  {\"a\": 1},\n  {\"b\": {\"c\": \"d\"}}\n]\n\n"),
                    Arguments.of(InputFormat.JSON, "\uFEFF{\"a\":\"Zürich 東京 \uD83D\uDE80\"}"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":\"é東\"},\n{\"b\":\"ü\", x}]"),
                    Arguments.of(InputFormat.JSON, "{\"a\":1}\u2003"),
                    Arguments.of(InputFormat.JSON, "\u0000\u0000\u0000{}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\n1}\n{\"a\":2}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\r{\"a\":2}\r"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\r{\"a\":2} {\"a\":3}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1} \t\n\t{\"a\":2}\t \n"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n\u2003\n{\"a\":2}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n\u000B\f\u001F\n{\"a\":2}"),
                    Arguments.of(InputFormat.NDJSON, "\uFEFF{\"a\":1}\n{\"a\":\"東京 \uD83D\uDE80\"}"),
                    Arguments.of(InputFormat.NDJSON, "\u0000{\"a\":1}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"x\ny\"}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"x\u2028y\"}\n{\"a\":\"z\"}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":\"é東\",\"b\": x}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":{\"b\":{\"c\":1}},\"a.b\":{\"d\":[2,{\"e\":3}]}}\n{\"a\":{\"b\":{\"c\":2}}}"),
                    Arguments.of(InputFormat.NDJSON, "{\"p\":{\"x\":1}}\n{\"p\":{\"x\":1},\"p.x\":2}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n\n\n"),
                    Arguments.of(InputFormat.NDJSON, " \n\t\r\n"),
                    Arguments.of(InputFormat.NDJSON, "\u2003"),
                    Arguments.of(InputFormat.NDJSON, "[]"),
                    Arguments.of(InputFormat.NDJSON, "{}"),
                    // a member name twice in one object, which the fast readers find without the parser's help
                    Arguments.of(InputFormat.NDJSON, "{\"a\":null,\"a\":1}"),
                    Arguments.of(InputFormat.NDJSON, "{\"o\":{\"b\":1},\"o\":{\"c\":2}}"),
                    Arguments.of(InputFormat.NDJSON, "{\"n\":{\"m\":1,\"m\":2}}"),
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1}\n{\"z\":1,\"y\":[2],\"z\":{\"q\":3}}"),
                    Arguments.of(InputFormat.JSON, "[{\"a\":1},{\"b\":1,\"b\":null}]"),
                    Arguments.of(InputFormat.NDJSON, wide(40, true)),
                    Arguments.of(InputFormat.JSON, "[" + wide(40, true) + "]"),
                    // and names that only look alike: the same name at two depths, in sibling objects, in records
                    Arguments.of(InputFormat.NDJSON, "{\"a\":1,\"b\":{\"a\":2,\"b\":{\"a\":3}}}"),
                    Arguments.of(InputFormat.NDJSON,
                            "{\"p\":{\"x\":1,\"y\":{\"x\":0}},\"q\":{\"x\":2},\"r\":{\"y\":3}}"),
                    Arguments.of(InputFormat.NDJSON, wide(70, false) + "\n" + wide(70, false)),
                    Arguments.of(InputFormat.NDJSON, "{\"Aa\":1,\"BB\":2}"),
                    Arguments.of(InputFormat.NDJSON, "{\"skip\":[{\"k\":1,\"k\":2}]}"),
                    Arguments.of(InputFormat.NDJSON, "{\"x\":[[{\"k\":1}],{\"k\":2,\"j\":[{\"k\":3,\"k\":4}]}]}"),
                    Arguments.of(InputFormat.NDJSON,
                            "{\"x\":[{\"k\":1,\"j\":{\"k\":0}},{\"k\":2}],\"skip\":[[],{\"x\":[{\"x\":1}]}]}"));
        }

        /** One object of {@code members} members named m0, m1, ..., the last named m0 again if {@code twice}. */
        private static String wide(int members, boolean twice) {
            return java.util.stream.IntStream.range(0, members)
                    .mapToObj(i -> "\"m" + (twice && i == members - 1 ? 0 : i) + "\":" + i)
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void agreesWithDecodeOnRecordsAndErrors(InputFormat format, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(MalformedBatchException.class,
                    () -> codec.decode(format, bytes).size(), () -> codec.count(format, bytes),
                    (decoded, counted) -> assertThat(counted).isEqualTo(decoded));
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void decodeAgreesWithTheTextReaderOnRecordsAndErrors(InputFormat format, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(MalformedBatchException.class,
                    () -> codec.input().decodeText(format, bytes), () -> codec.decode(format, bytes),
                    (text, decoded) -> assertThat(inOrder(decoded)).isEqualTo(inOrder(text)));
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void countAgreesWithTheTextReaderOnRecordsAndErrors(InputFormat format, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(MalformedBatchException.class,
                    () -> codec.input().countText(format, bytes), () -> codec.count(format, bytes),
                    (text, counted) -> assertThat(counted).isEqualTo(text));
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void countingTheUndeclaredNamesAgreesWithTheWholeRecords(InputFormat format, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(MalformedBatchException.class,
                    () -> RecordCodec.undeclared(codec.decode(format, bytes), INPUTS),
                    () -> codec.decodeCounting(format, bytes, INPUTS).undeclared(),
                    (whole, counted) -> assertThat(counted).isEqualTo(whole));
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void decodingSomeInputsAgreesWithDecodingOnTheirValuesAndErrors(InputFormat format, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(MalformedBatchException.class,
                    () -> codec.decode(format, bytes), () -> codec.decode(format, bytes, INPUTS),
                    (whole, projected) -> {
                        assertThat(projected).hasSameSizeAs(whole);
                        for (int i = 0; i < whole.size(); i++) {
                            assertThat(projected.get(i).position()).isEqualTo(whole.get(i).position());
                            assertThat(whole.get(i).values()).containsAllEntriesOf(projected.get(i).values());
                            assertThat(projected.get(i).values()).containsAllEntriesOf(whole.get(i).values().entrySet()
                                    .stream().filter(e -> INPUTS.contains(e.getKey()))
                                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                        }
                    });
        }

        @Test
        void decodingSomeInputsLeavesTheOthersOut() {
            byte[] body = "{\"a\":\"1\",\"skip\":\"x\",\"n\":{\"m\":2,\"o\":[3]},\"arr\":[1,{\"b\":2}]}\n{\"a\":null}"
                    .getBytes(StandardCharsets.UTF_8);

            List<RawRecord> records = codec.decode(InputFormat.NDJSON, body, Set.of("a", "n.m"));

            assertThat(values(records)).containsExactly(Map.of("a", "1", "n.m", "2"), Map.of());
        }

        @Test
        void countRefusesInvalidUtf8AsDecodeDoes() {
            byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};

            assertThatThrownBy(() -> codec.count(InputFormat.NDJSON, body))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("the body is not valid UTF-8");
            assertThatThrownBy(() -> codec.decode(InputFormat.JSON, body))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("the body is not valid UTF-8");
        }

        /** Names and texts in record order, each record's members in input order. */
        private static List<List<Map.Entry<String, String>>> inOrder(List<RawRecord> records) {
            assertThat(records).extracting(r -> r.position().index())
                    .isEqualTo(java.util.stream.IntStream.range(0, records.size()).boxed().toList());
            return records.stream().map(r -> List.copyOf(r.values().entrySet())).toList();
        }
    }

    @Nested
    class Ndjson {
        @Test
        void readsOneObjectPerLineSkippingBlankLinesAndCrlf() {
            List<RawRecord> records = decode(InputFormat.NDJSON, "{\"a\":\"1\"}\r\n\r\n   \n{\"a\":\"2\",\"n\":{\"m\":3}}\r\n");

            assertThat(values(records)).containsExactly(Map.of("a", "1"), Map.of("a", "2", "n.m", "3"));
            assertThat(records).extracting(r -> r.position().index()).containsExactly(0, 1);
        }

        @Test
        void namesTheBadLineCountingBlankLines() {
            assertThatThrownBy(() -> decode(InputFormat.NDJSON, "{\"a\":1}\n\n{\"a\":1\n{\"a\":3}"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageStartingWith("line 3")
                    .hasMessageContaining("unexpected end of input");
        }

        @Test
        void rejectsALineThatIsNotAnObject() {
            assertThatThrownBy(() -> decode(InputFormat.NDJSON, "{\"a\":1}\n[{\"a\":2}]"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 2: expected a JSON object, found an array");
        }

        @Test
        void rejectsTwoObjectsOnOneLine() {
            assertThatThrownBy(() -> decode(InputFormat.NDJSON, "{\"a\":1} {\"a\":2}"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 1: expected one JSON object per line, found more");
        }

        @Test
        void rejectsInvalidUtf8() {
            byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

            assertThatThrownBy(() -> codec.decode(InputFormat.NDJSON, body))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("the body is not valid UTF-8");
        }
    }

    @Nested
    class Csv {
        @Test
        void refusesAHeaderWithMoreColumnsThanARecordMayHaveFields() {
            String header = String.join(",", java.util.stream.IntStream.range(0, 1_001).mapToObj(i -> "c" + i).toList());

            assertThatThrownBy(() -> decode(InputFormat.CSV, header + "\n1\n")).isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 1: the header has 1001 columns, more than 1000 fields a record may have");
        }

        @Test
        void readsRowsByHeaderName() {
            List<RawRecord> records = decode(InputFormat.CSV, "order_id,amount,country\nA1,12.50,DE\nA2,3,FR\n");

            assertThat(values(records)).containsExactly(Map.of("order_id", "A1", "amount", "12.50", "country", "DE"),
                    Map.of("order_id", "A2", "amount", "3", "country", "FR"));
        }

        @Test
        void followsRfc4180Quoting() {
            String body = "id,comment\r\n1,\"Hello, \"\"world\"\"\"\r\n2,\"two\r\nlines\"\r\n3,plain\r\n";

            List<RawRecord> records = decode(InputFormat.CSV, body);

            assertThat(records).extracting(r -> r.get("comment"))
                    .containsExactly("Hello, \"world\"", "two\r\nlines", "plain");
        }

        @Test
        void ignoresAByteOrderMarkBeforeTheHeaderAndReadsUnicode() {
            byte[] body = "\uFEFFid,city\n1,Köln\n2,東京\n".getBytes(StandardCharsets.UTF_8);

            List<RawRecord> records = codec.decode(InputFormat.CSV, body);

            assertThat(records).extracting(r -> r.get("id")).containsExactly("1", "2");
            assertThat(records).extracting(r -> r.get("city")).containsExactly("Köln", "東京");
        }

        @Test
        void skipsEmptyLinesAndTreatsEmptyCellsAndShortRowsAsAbsent() {
            List<RawRecord> records = decode(InputFormat.CSV, "a,b,c\n\n1,,3\n\n4\n");

            assertThat(values(records)).containsExactly(Map.of("a", "1", "c", "3"), Map.of("a", "4"));
            assertThat(records).extracting(r -> r.position().index()).containsExactly(0, 1);
        }

        @Test
        void readsAHeaderWithoutRowsAsNoRecords() {
            assertThat(decode(InputFormat.CSV, "a,b\r\n")).isEmpty();
        }

        @Test
        void rejectsARowLongerThanTheHeaderNamingItsLine() {
            assertThatThrownBy(() -> decode(InputFormat.CSV, "a,b\n1,2\n\n3,4,secret\n"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 4 (record 2): expected at most 2 values as in the header, found 3");
        }

        @Test
        void rejectsAnUnclosedQuote() {
            assertThatThrownBy(() -> decode(InputFormat.CSV, "a,b\n1,2\n3,\"secret\n"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageContaining("record 2")
                    .hasMessageContaining("not valid CSV")
                    .hasMessageNotContaining("secret");
        }

        @Test
        void rejectsBlankAndRepeatedHeaderNames() {
            assertThatThrownBy(() -> decode(InputFormat.CSV, "a,,c\n1,2,3\n"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 1: header column 2 has no name");
            assertThatThrownBy(() -> decode(InputFormat.CSV, "a,b,a\n1,2,3\n"))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 1: header column 3 repeats an earlier column name");
        }
    }

    @Test
    void rejectsAnEmptyBodyInEveryFormat() {
        for (InputFormat format : List.of(InputFormat.JSON, InputFormat.NDJSON, InputFormat.CSV)) {
            assertThatThrownBy(() -> decode(format, " \r\n "))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessageStartingWith("the body is empty");
            assertThatThrownBy(() -> codec.decode(format, new byte[0]))
                    .isInstanceOf(MalformedBatchException.class);
        }
    }

    @Nested
    class TransformedZone {
        private final Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");

        @Test
        void cleanRecordsRoundTripWithTypesAndDecimalScale() {
            List<CleanRecord> records = List.of(
                    order(0, "A1", 3L, "12.50", true, at, "DE"),
                    order(4, "A2", null, "0.00", false, at, null),
                    order(7, "Ü\"3", -9_000_000_000L, "1234567890123456.78", null, at, "東京"));

            List<CleanRecord> back = codec.decodeClean(ORDERS, codec.encodeClean(records));

            assertThat(back).isEqualTo(records);
            assertThat(((BigDecimal) back.get(1).get("amount")).scale()).isEqualTo(2);
            assertThat(back.get(0).eventTime()).isEqualTo(at);
        }

        @Test
        void writesOneLinePerRecordWithPositionFirstAndDecimalsAsStrings() {
            byte[] ndjson = codec.encodeClean(List.of(order(3, "A1", 2L, "12.50", true, at, "DE")));

            assertThat(new String(ndjson, StandardCharsets.UTF_8)).isEqualTo(
                    "{\"_position\":3,\"order_id\":\"A1\",\"quantity\":2,\"amount\":\"12.50\",\"gift\":true,"
                            + "\"ordered_at\":\"2026-03-01T10:15:30.123456789Z\",\"country\":\"DE\"}\n");
        }

        @Test
        void decodingSkipsFieldsTheSourceNoLongerHasAndAcceptsDecimalNumbers() {
            String line = "{\"_position\":1,\"order_id\":\"A1\",\"removed\":\"x\",\"amount\":12.5000,"
                    + "\"ordered_at\":\"2026-03-01T10:00:00Z\"}\n";

            List<CleanRecord> back = codec.decodeClean(ORDERS, line.getBytes(StandardCharsets.UTF_8));

            assertThat(back.get(0).values()).containsOnlyKeys("order_id", "amount", "ordered_at");
            assertThat(back.get(0).get("amount")).isEqualTo(new BigDecimal("12.5000"));
        }

        @Test
        void decodingNamesTheLineAndFieldOfAWronglyTypedValue() {
            String body = "{\"_position\":0,\"order_id\":\"A1\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}\n"
                    + "{\"_position\":1,\"order_id\":\"A2\",\"quantity\":\"many\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}\n";

            assertThatThrownBy(() -> codec.decodeClean(ORDERS, body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(MalformedBatchException.class)
                    .hasMessage("line 2: expected field 'quantity' to hold a integer");
        }

        @Test
        void decodingRequiresPositionAndEventTime() {
            assertThatThrownBy(() -> codec.decodeClean(ORDERS, "{\"order_id\":\"A1\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8)))
                    .hasMessage("line 1: expected a _position member");
            assertThatThrownBy(() -> codec.decodeClean(ORDERS, "{\"_position\":0,\"order_id\":\"A1\"}"
                    .getBytes(StandardCharsets.UTF_8)))
                    .hasMessage("line 1: expected the event time field 'ordered_at'");
        }
    }

    @Nested
    class TransformedZoneFromBytes {
        private static final String A = "{\"_position\":0,\"order_id\":\"A1\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}";

        static Stream<String> bodies() {
            return Stream.of("", " \n", A, A + "\n" + A.replace("A1", "A2").replace(":0", ":1") + "\n",
                    "{\"_position\":3,\"order_id\":\"Ü\\\"3 東京\",\"quantity\":-9000000000,\"amount\":\"1234567890123456.78\","
                            + "\"gift\":false,\"ordered_at\":\"2026-03-01T10:15:30.123456789Z\",\"country\":null}\r\n",
                    "{\"_position\":1,\"quantity\":\"12\",\"amount\":12.5000,\"removed\":[1],\"ordered_at\":\"2026-03-01T10:00Z\"}",
                    "{\"_position\":1,\"raw\":{\"a\":\"b\"},\"ordered_at\":\"+12026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"ordered_at\":\"2026-03-01t10:00:00z\",\"amount\":1e2,\"gift\":true}",
                    A + " " + A, A + " garbage", "{\"_position\":0,\n\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    A + "\n\u2003\n" + A, "\uFEFF" + A, "\u0000" + A,
                    "{\"_position\":2147483648,\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":-1,\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":\"1\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":null,\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"quantity\":9223372036854775808,\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"quantity\":1.5,\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"amount\":\"x\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"gift\":\"true\",\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "{\"_position\":1,\"ordered_at\":\"2026-02-30T10:00:00Z\"}",
                    "{\"_position\":1,\"ordered_at\":1}", "{\"_position\":1}", "{\"_position\":1,\"_position\":2}",
                    "{\"_position\":1,\"order_id\":[\"x\"],\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    "[" + A + "]", A + "\n{\"_position\":1,", "{\"_position\":1,\"order_id\":\"\u0001\"}",
                    kept("{\"coupon.code\":\"X1\",\"tags\":\"[1]\"}") + "\n" + A.replace(":0", ":1") + "\n",
                    "{\"_position\":0,\"_unknown_fields\":{\"a\":\"1\"},\"ordered_at\":\"2026-03-01T10:00:00Z\"}",
                    kept("{}"), kept("null"), kept("\"x\""), kept("{\"a\":1}"), kept("{\"a\":null}"),
                    kept("{\"a\":{\"b\":\"c\"}}"), kept("[\"a\"]"), kept("{\"a\":\"1\",\"a\":\"2\"}"),
                    kept("{\"a\":\"1\"}").replace("}}", "},\"_unknown_fields\":{}}"),
                    A.replace("}", ",\"ordered_at\":\"2026-03-01T11:00:00Z\"}"),
                    A.replace("}", ",\"gone\":1,\"gone\":2}"), A.replace("}", ",\"gift\":null,\"gift\":true}"),
                    A + "\n" + A.replace(":0,", ":1,\"order_id\":\"A0\","));
        }

        /** {@link #A} with {@code _unknown_fields} last, holding {@code json}. */
        private static String kept(String json) {
            return A.substring(0, A.length() - 1) + ",\"_unknown_fields\":" + json + "}";
        }

        @ParameterizedTest
        @MethodSource("bodies")
        void decodeAgreesWithTheTextReaderOnRecordsAndErrors(String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            for (SourceDefinition source : List.of(ORDERS, ORDERS_KEEPING)) {
                assertSameOutcome(Throwable.class,
                        () -> codec.transformed().decodeCleanText(source, bytes), () -> codec.decodeClean(source, bytes),
                        (text, decoded) -> {
                            assertThat(decoded).isEqualTo(text);
                            assertThat(decoded).extracting(r -> List.copyOf(r.values().keySet()))
                                    .isEqualTo(text.stream().map(r -> List.copyOf(r.values().keySet())).toList());
                        });
            }
        }
    }

    @Nested
    class QuarantineZone {
        @Test
        void rejectedRecordsRoundTripWithTheirRawValues() {
            RawRecord raw3 = new RawRecord(new RecordPosition(3), Map.of("order_id", "A4", "amount", "-1"));
            RawRecord raw5 = new RawRecord(new RecordPosition(5), Map.of("order_id", "A1"));
            List<CleaningOutcome.Rejected> rejected = List.of(
                    new CleaningOutcome.Rejected(new RecordPosition(3), "amount", "below minimum 0", raw3),
                    new CleaningOutcome.Rejected(new RecordPosition(5), null, "duplicate of record 1 (same order_id)", raw5));

            byte[] ndjson = codec.encodeRejected(new SourceName("orders"),
                    CodecFixtures.batchAt(Instant.parse("2026-03-01T10:00:00Z")), rejected);

            assertThat(codec.decodeRejected(ndjson)).isEqualTo(rejected);
        }

        @Test
        void writesSourceBatchPositionRecordFieldReasonAndRaw() {
            RawRecord raw = new RawRecord(new RecordPosition(3), Map.of("amount", "-1"));
            var batch = CodecFixtures.batchAt(Instant.parse("2026-03-01T10:00:00Z"));

            byte[] ndjson = codec.encodeRejected(new SourceName("orders"), batch,
                    List.of(new CleaningOutcome.Rejected(new RecordPosition(3), "amount", "below minimum 0", raw)));

            assertThat(new String(ndjson, StandardCharsets.UTF_8)).isEqualTo("{\"source\":\"orders\",\"batch_id\":\""
                    + batch + "\",\"position\":3,\"record\":4,\"field\":\"amount\",\"reason\":\"below minimum 0\","
                    + "\"raw\":{\"amount\":\"-1\"}}\n");
        }
    }

    @Nested
    class RawEncoding {
        @ParameterizedTest
        @EnumSource(InputFormat.class)
        void encodedRawRecordsDecodeToTheSameNamesAndTexts(InputFormat format) {
            List<RawRecord> records = List.of(
                    new RawRecord(new RecordPosition(0), Map.of("customer.country", " de ", "amount", "12.50")),
                    new RawRecord(new RecordPosition(1), Map.of("note", "say \"hi\", then, go", "amount", "-1")));

            List<RawRecord> decoded = codec.decode(format, codec.encodeRaw(format, records));

            assertThat(values(decoded)).isEqualTo(values(records));
            assertThat(decoded).extracting(r -> r.position().index()).containsExactly(0, 1);
        }
    }

    /**
     * {@code candidate} does what {@code reference} does with the same body: either both succeed and {@code agree}
     * holds their results (reference first) to agree, or both fail with the same exception class and message, the
     * candidate's also a {@code rejection}.
     */
    private static <T> void assertSameOutcome(Class<? extends Throwable> rejection, Supplier<T> reference,
                                              Supplier<T> candidate, BiConsumer<T, T> agree) {
        Throwable referenceError = catchThrowable(reference::get);
        Throwable candidateError = catchThrowable(candidate::get);
        if (referenceError == null) {
            assertThat(candidateError).isNull();
            agree.accept(reference.get(), candidate.get());
        } else {
            assertThat(candidateError).isInstanceOf(rejection).isInstanceOf(referenceError.getClass())
                    .hasMessage(referenceError.getMessage());
        }
    }
}

package dev.tributary.domain.aggregation;

import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.record.RecordPosition;
import dev.tributary.domain.source.FieldType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregatorTest {
    private static final List<Measure> ALL_MEASURES = List.of(
            new Measure("orders", MeasureFunction.COUNT, null, "orders"),
            new Measure("revenue", MeasureFunction.SUM, "amount", "revenue"),
            new Measure("smallest", MeasureFunction.MIN, "amount", "smallest order"),
            new Measure("largest", MeasureFunction.MAX, "amount", "largest order"),
            new Measure("average", MeasureFunction.AVG, "amount", "average order"),
            new Measure("customers", MeasureFunction.DISTINCT_COUNT, "customer", "distinct customers"));

    private static AggregationSpec spec(Bucket bucket, String... dimensionFields) {
        List<Dimension> dims = new ArrayList<>();
        for (String f : dimensionFields) {
            dims.add(new Dimension(f, f));
        }
        return new AggregationSpec("orders_" + bucket.column(), "Orders", bucket, dims, ALL_MEASURES);
    }

    private static CleanRecord record(int index, String at, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new CleanRecord(new RecordPosition(index), Instant.parse(at), values);
    }

    private static AggregateKey key(String bucketStart, String... dims) {
        return new AggregateKey(Instant.parse(bucketStart), List.of(dims));
    }

    // --- measure functions

    @Test
    void foldsEveryMeasureFunction() {
        List<CleanRecord> records = List.of(
                record(0, "2024-03-05T07:10:00Z", "country", "DE", "amount", new BigDecimal("10.00"), "customer", "c1"),
                record(1, "2024-03-05T07:20:00Z", "country", "DE", "amount", new BigDecimal("2.50"), "customer", "c2"),
                record(2, "2024-03-05T07:30:00Z", "country", "DE", "amount", new BigDecimal("30.00"), "customer", "c1"));

        AggregateDelta delta = Aggregator.aggregate(spec(Bucket.HOUR, "country"), records);

        assertThat(delta.rows()).containsOnlyKeys(key("2024-03-05T07:00:00Z", "DE"));
        List<MeasureState> s = delta.rows().get(key("2024-03-05T07:00:00Z", "DE"));
        assertThat(s.get(0).count()).as("count").isEqualTo(3);
        assertThat(s.get(1).sum()).as("sum").isEqualTo(new BigDecimal("42.50"));
        assertThat(s.get(2).min()).as("min").isEqualTo(new BigDecimal("2.50"));
        assertThat(s.get(3).max()).as("max").isEqualTo(new BigDecimal("30.00"));
        assertThat(s.get(4).sum()).as("avg keeps sum").isEqualTo(new BigDecimal("42.50"));
        assertThat(s.get(4).count()).as("avg keeps count").isEqualTo(3);
        assertThat(s.get(5).distinct()).as("distinct").containsExactlyInAnyOrder("c1", "c2");
        assertThat(s.get(5).count()).isEqualTo(3);
    }

    @Test
    void countCountsRecordsOnlyAndNeedsNoField() {
        List<MeasureState> s = Aggregator.aggregate(spec(Bucket.DAY),
                List.of(record(0, "2024-03-05T07:10:00Z"), record(1, "2024-03-05T08:10:00Z"))).rows()
                .get(key("2024-03-05T00:00:00Z"));

        assertThat(s.get(0)).isEqualTo(new MeasureState(2, BigDecimal.ZERO, null, null, Set.of()));
    }

    @Test
    void sumsIntegersAsWellAsDecimals() {
        AggregationSpec items = new AggregationSpec("items", "Items", Bucket.DAY, List.of(),
                List.of(new Measure("total", MeasureFunction.SUM, "quantity", "items")));

        AggregateDelta delta = Aggregator.aggregate(items, List.of(
                record(0, "2024-03-05T07:10:00Z", "quantity", 3L), record(1, "2024-03-05T07:11:00Z", "quantity", 4L)));

        assertThat(delta.rows().get(key("2024-03-05T00:00:00Z")).get(0).sum()).isEqualTo(BigDecimal.valueOf(7));
    }

    @Test
    void missingOptionalValueIsNotCountedButTheRecordIs() {
        List<MeasureState> s = Aggregator.aggregate(spec(Bucket.HOUR), List.of(
                record(0, "2024-03-05T07:10:00Z", "amount", new BigDecimal("4.00")),
                record(1, "2024-03-05T07:20:00Z"))).rows().get(key("2024-03-05T07:00:00Z"));

        assertThat(s.get(0).count()).as("count").isEqualTo(2);
        assertThat(s.get(1).count()).as("sum saw one value").isEqualTo(1);
        assertThat(s.get(4).count()).as("avg over one value").isEqualTo(1);
        assertThat(s.get(4).sum()).isEqualTo(new BigDecimal("4.00"));
        assertThat(s.get(2).min()).isEqualTo(new BigDecimal("4.00"));
        assertThat(s.get(5)).as("no customer at all").isEqualTo(MeasureState.EMPTY);
    }

    @Test
    void distinctCountSpellsNumbersWithoutTrailingZeros() {
        AggregationSpec distinctAmounts = new AggregationSpec("amounts", "Amounts", Bucket.DAY, List.of(),
                List.of(new Measure("amounts", MeasureFunction.DISTINCT_COUNT, "amount", "distinct amounts")));

        AggregateDelta delta = Aggregator.aggregate(distinctAmounts, List.of(
                record(0, "2024-03-05T07:10:00Z", "amount", new BigDecimal("1.50")),
                record(1, "2024-03-05T07:10:00Z", "amount", new BigDecimal("1.5")),
                record(2, "2024-03-05T07:10:00Z", "amount", new BigDecimal("0.00")),
                record(3, "2024-03-05T07:10:00Z", "amount", 7L)));

        assertThat(delta.rows().get(key("2024-03-05T00:00:00Z")).get(0).distinct()).containsExactlyInAnyOrder("0", "1.5", "7");
    }

    @Test
    void refusesToSumSomethingThatIsNotANumber() {
        AggregationSpec bad = new AggregationSpec("bad", "Bad", Bucket.DAY, List.of(),
                List.of(new Measure("total", MeasureFunction.SUM, "paid", "")));

        assertThatThrownBy(() -> Aggregator.aggregate(bad, List.of(record(0, "2024-03-05T07:10:00Z", "paid", true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Boolean");
    }

    // --- buckets

    @ParameterizedTest
    @CsvSource({
            "MINUTE, 2024-03-05T07:08:59.999Z, 2024-03-05T07:08:00Z",
            "MINUTE, 2024-03-05T07:09:00Z, 2024-03-05T07:09:00Z",
            "HOUR, 2024-03-05T07:59:59.999999999Z, 2024-03-05T07:00:00Z",
            "HOUR, 2024-03-05T08:00:00Z, 2024-03-05T08:00:00Z",
            "DAY, 2024-03-05T23:59:59.999Z, 2024-03-05T00:00:00Z",
            "DAY, 2024-03-06T00:00:00Z, 2024-03-06T00:00:00Z",
            "DAY, 1969-12-31T23:00:00Z, 1969-12-31T00:00:00Z",
    })
    void bucketsStartOnUtcBoundaries(Bucket bucket, Instant at, Instant start) {
        assertThat(bucket.start(at)).isEqualTo(start);
    }

    @Test
    void recordsAcrossABoundaryLandInTwoRows() {
        AggregateDelta delta = Aggregator.aggregate(spec(Bucket.HOUR), List.of(
                record(0, "2024-03-05T07:59:59.999Z"), record(1, "2024-03-05T08:00:00Z"), record(2, "2024-03-05T08:30:00Z")));

        assertThat(delta.rows()).containsOnlyKeys(key("2024-03-05T07:00:00Z"), key("2024-03-05T08:00:00Z"));
        assertThat(delta.rows().get(key("2024-03-05T08:00:00Z")).get(0).count()).isEqualTo(2);
    }

    @Test
    void bucketNamesTheTimeColumn() {
        assertThat(Bucket.MINUTE.column()).isEqualTo("minute");
        assertThat(Bucket.HOUR.column()).isEqualTo("hour");
        assertThat(Bucket.DAY.column()).isEqualTo("day");
        assertThat(Bucket.fromName(" Hour ")).contains(Bucket.HOUR);
        assertThat(Bucket.fromName("week")).isEmpty();
        assertThat(Bucket.fromName(null)).isEmpty();
    }

    // --- dimensions

    @Test
    void missingDimensionIsNone() {
        AggregateDelta delta = Aggregator.aggregate(spec(Bucket.DAY, "country", "paid"), List.of(
                record(0, "2024-03-05T07:10:00Z", "country", "DE"),
                record(1, "2024-03-05T07:10:00Z", "paid", true),
                record(2, "2024-03-05T07:10:00Z")));

        assertThat(delta.rows()).containsOnlyKeys(
                key("2024-03-05T00:00:00Z", "DE", "(none)"),
                key("2024-03-05T00:00:00Z", "(none)", "true"),
                key("2024-03-05T00:00:00Z", "(none)", "(none)"));
        assertThat(AggregateKey.NONE).isEqualTo("(none)");
    }

    @Test
    void dimensionValuesAreSpelledAsText() {
        AggregateDelta delta = Aggregator.aggregate(spec(Bucket.DAY, "store", "rate", "at"), List.of(
                record(0, "2024-03-05T07:10:00Z", "store", 42L, "rate", new BigDecimal("1.50"),
                        "at", Instant.parse("2024-03-05T07:10:00Z"))));

        assertThat(delta.rows()).containsOnlyKeys(key("2024-03-05T00:00:00Z", "42", "1.5", "2024-03-05T07:10:00Z"));
    }

    @Test
    void groupsByEveryCombinationOfDimensions() {
        AggregateDelta delta = Aggregator.aggregate(spec(Bucket.DAY, "country"), List.of(
                record(0, "2024-03-05T07:10:00Z", "country", "DE"),
                record(1, "2024-03-05T07:10:00Z", "country", "FR"),
                record(2, "2024-03-05T09:10:00Z", "country", "DE")));

        assertThat(delta.rows().get(key("2024-03-05T00:00:00Z", "DE")).get(0).count()).isEqualTo(2);
        assertThat(delta.rows().get(key("2024-03-05T00:00:00Z", "FR")).get(0).count()).isEqualTo(1);
    }

    @Test
    void noRecordsNoRows() {
        assertThat(Aggregator.aggregate(spec(Bucket.DAY), List.of()).isEmpty()).isTrue();
    }

    // --- states, deltas, specs

    @Test
    void measureStateRefusesBadState() {
        assertThatThrownBy(() -> new MeasureState(-1, BigDecimal.ZERO, null, null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeasureState(0, null, null, null, Set.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MeasureState(0, BigDecimal.ZERO, null, null, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyStateIsTheIdentityOfMerge() {
        MeasureState s = MeasureState.EMPTY.plus(new BigDecimal("3"), "x");

        assertThat(s.merge(MeasureState.EMPTY)).isEqualTo(s);
        assertThat(MeasureState.EMPTY.merge(s)).isEqualTo(s);
    }

    @Test
    void deltaRefusesRowsOfTheWrongShape() {
        AggregationSpec spec = spec(Bucket.DAY, "country");
        List<MeasureState> states = Collections.nCopies(ALL_MEASURES.size(), MeasureState.EMPTY);

        assertThatThrownBy(() -> new AggregateDelta(spec, Map.of(key("2024-03-05T00:00:00Z"), states)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders_day");
        assertThatThrownBy(() -> new AggregateDelta(spec, Map.of(key("2024-03-05T00:00:00Z", "DE"), List.of(MeasureState.EMPTY))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specNamesTheFieldsItReadsOncePerField() {
        assertThat(spec(Bucket.DAY, "country", "channel").fieldsRead()).containsExactly("country", "channel", "amount", "customer");
        assertThat(new AggregationSpec("orders_only", "Orders", Bucket.DAY, List.of(),
                List.of(new Measure("orders", MeasureFunction.COUNT, null, "orders"))).fieldsRead()).isEmpty();
    }

    @Test
    void specRefusesBadShapes() {
        Measure count = new Measure("n", MeasureFunction.COUNT, null, "");

        assertThatThrownBy(() -> new AggregationSpec("Orders", "t", Bucket.DAY, List.of(), List.of(count)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower snake case");
        assertThatThrownBy(() -> new AggregationSpec("a".repeat(52), "t", Bucket.DAY, List.of(), List.of(count)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AggregationSpec("t", "t", Bucket.DAY, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one measure");
        assertThatThrownBy(() -> new AggregationSpec("t", "t", Bucket.DAY, List.of(new Dimension("x", "day")), List.of(count)))
                .as("dimension named like the bucket column").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats column 'day'");
        assertThatThrownBy(() -> new AggregationSpec("t", "t", Bucket.DAY, List.of(new Dimension("x", "n")), List.of(count)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats column 'n'");
        assertThatThrownBy(() -> new AggregationSpec("t", "t", Bucket.DAY, List.of(), List.of(count, count)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Measure("total", MeasureFunction.SUM, null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a field");
        assertThatThrownBy(() -> new Dimension("country", "Country")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Measure("n-1", MeasureFunction.COUNT, null, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measureFunctionsNameWhatTheyAccept() {
        assertThat(MeasureFunction.COUNT.needsNumber()).isFalse();
        assertThat(MeasureFunction.DISTINCT_COUNT.needsNumber()).isFalse();
        for (MeasureFunction f : List.of(MeasureFunction.SUM, MeasureFunction.AVG, MeasureFunction.MIN, MeasureFunction.MAX)) {
            assertThat(f.needsNumber()).isTrue();
        }
        assertThat(MeasureFunction.COUNT.needsField()).isFalse();
        assertThat(MeasureFunction.fromName("distinct_count")).contains(MeasureFunction.DISTINCT_COUNT);
        assertThat(MeasureFunction.fromName("median")).isEmpty();
        assertThat(MeasureFunction.fromName(null)).isEmpty();
    }

    // --- merge laws: a batch split anyhow aggregates to the same rows

    @Property
    void aggregatingAListEqualsMergingTheAggregatesOfAnySplit(@ForAll("records") List<CleanRecord> records,
                                                             @ForAll @IntRange(min = 1, max = 5) int parts,
                                                             @ForAll long seed) {
        AggregationSpec spec = spec(Bucket.HOUR, "country");
        List<CleanRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        Map<AggregateKey, List<MeasureState>> merged = new LinkedHashMap<>();
        int size = shuffled.size();
        for (int p = 0; p < parts; p++) {
            List<CleanRecord> part = shuffled.subList(size * p / parts, size * (p + 1) / parts);
            Aggregator.aggregate(spec, part).rows().forEach((key, states) -> merged.merge(key, states, AggregatorTest::mergeRow));
        }

        assertThat(merged).isEqualTo(Aggregator.aggregate(spec, records).rows());
    }

    @Property
    void combiningTheDeltasOfBatchesEqualsAggregatingAllTheirRecords(@ForAll("records") List<CleanRecord> records,
                                                                     @ForAll @IntRange(min = 1, max = 5) int batches) {
        AggregationSpec byHour = spec(Bucket.HOUR, "country");
        AggregationSpec byMinute = spec(Bucket.MINUTE);
        List<AggregateDelta> deltas = new ArrayList<>();
        int size = records.size();
        for (int b = 0; b < batches; b++) {
            List<CleanRecord> batch = records.subList(size * b / batches, size * (b + 1) / batches);
            deltas.add(Aggregator.aggregate(byHour, batch));
            deltas.add(Aggregator.aggregate(byMinute, batch));
        }

        List<AggregateDelta> combined = AggregateDelta.combine(deltas);

        assertThat(combined).extracting(AggregateDelta::spec).containsExactly(byHour, byMinute);
        assertThat(combined.get(0).rows()).isEqualTo(Aggregator.aggregate(byHour, records).rows());
        assertThat(combined.get(1).rows()).isEqualTo(Aggregator.aggregate(byMinute, records).rows());
    }

    @Property
    void mergingAllAtOnceEqualsMergingPairwise(@ForAll @Size(max = 6) List<@From("states") MeasureState> states) {
        assertThat(MeasureState.mergeAll(states)).isEqualTo(states.stream().reduce(MeasureState.EMPTY, MeasureState::merge));
    }

    @Property
    void mergeIsCommutative(@ForAll("states") MeasureState a, @ForAll("states") MeasureState b) {
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
    }

    @Property
    void mergeIsAssociative(@ForAll("states") MeasureState a, @ForAll("states") MeasureState b,
                            @ForAll("states") MeasureState c) {
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    }

    private static List<MeasureState> mergeRow(List<MeasureState> left, List<MeasureState> right) {
        List<MeasureState> out = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            out.add(left.get(i).merge(right.get(i)));
        }
        return out;
    }

    /** Values as the Cleaner leaves them: decimals at the field's scale (here 2). */
    @Provide
    Arbitrary<List<CleanRecord>> records() {
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 3 * 3600 - 1)
                .map(s -> Instant.parse("2024-03-05T06:00:00Z").plusSeconds(s));
        Arbitrary<BigDecimal> amounts = Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000"))
                .ofScale(2).injectNull(0.2);
        Arbitrary<String> countries = Arbitraries.of("DE", "FR", "NL").injectNull(0.2);
        Arbitrary<String> customers = Arbitraries.of("c1", "c2", "c3", "c4").injectNull(0.2);
        Arbitrary<CleanRecord> one = Combinators.combine(times, amounts, countries, customers).as((at, amount, country, customer) -> {
            Map<String, Object> values = new HashMap<>();
            if (amount != null) {
                values.put("amount", amount);
            }
            if (country != null) {
                values.put("country", country);
            }
            if (customer != null) {
                values.put("customer", customer);
            }
            return new CleanRecord(new RecordPosition(0), at, values);
        });
        return one.list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<MeasureState> states() {
        Arbitrary<BigDecimal> numbers = Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000"))
                .ofScale(2).injectNull(0.3);
        Arbitrary<String> distinct = Arbitraries.of("a", "b", "c", "d").injectNull(0.3);
        return Combinators.combine(numbers, distinct).as((n, d) -> java.util.Arrays.<Object>asList(n, d)).list().ofMaxSize(10).map(steps -> {
            MeasureState s = MeasureState.EMPTY;
            for (List<Object> step : steps) {
                s = s.plus((BigDecimal) step.get(0), (String) step.get(1));
            }
            return s;
        });
    }
}

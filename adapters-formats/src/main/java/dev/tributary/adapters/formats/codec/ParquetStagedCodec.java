package dev.tributary.adapters.formats.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.application.port.out.StagedCodec;
import dev.tributary.application.refusal.MalformedBatchException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.FieldSpec;
import dev.tributary.domain.source.SourceDefinition;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The staged zone's Parquet, written and read through parquet-java's record API by column index over byte arrays:
 * no Hadoop file system, no Hadoop configuration.
 * <p>
 * Schema, from {@link StagedSchema#of(SourceDefinition)}: {@code _batch_id} (UTF-8 string) and {@code _position}
 * (int32), then each field in declaration order — string → UTF-8 binary, integer → int64, decimal → int64
 * DECIMAL(18, field scale), boolean → boolean, timestamp → int64 TIMESTAMP(MICROS, UTC) (sub-microsecond digits are
 * dropped). Required fields are REQUIRED, others OPTIONAL; a {@code keep} source's undeclared fields last, as the
 * OPTIONAL UTF-8 JSON object {@code _unknown_fields} (absent where a record had none). SNAPPY (LZ4_RAW was no better than noise, and more
 * readers know SNAPPY); dictionary encoding except for the columns unique in a batch ({@code _position}, a
 * single-field dedupe key). The footer's key-value metadata is the caller's map plus {@value #SCHEMA_VERSION_KEY}.
 * <p>
 * {@link #read} matches columns by name: a field added since the object was written reads as absent, a column
 * since removed is ignored, so objects of every earlier schema version still read ({@link StagedRowReader}); it reads
 * only the columns asked for.
 */
public final class ParquetStagedCodec implements StagedCodec {
    public static final String SCHEMA_VERSION_KEY = "tributary.schema.version";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DECIMAL_PRECISION = FieldSpec.DECIMAL_PRECISION;

    @Override
    public byte[] write(SourceDefinition source, BatchId batch, List<CleanRecord> records, Map<String, String> metadata) {
        StagedSchema staged = StagedSchema.of(source);
        Map<String, String> keyValues = new LinkedHashMap<>(metadata);
        keyValues.put(SCHEMA_VERSION_KEY, Integer.toString(staged.version()));
        InMemoryParquetFiles.Output file = new InMemoryParquetFiles.Output();
        RowsBuilder builder = new RowsBuilder(file, new StagedRows(staged, batch, keyValues))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(StagedSchema.POSITION_COLUMN, false);
        if (source.dedupeKey().size() == 1) {
            // Unique in a batch (the cleaner rejects repeats): a dictionary of it is built, then dropped for plain.
            builder.withDictionaryEncoding(source.dedupeKey().get(0), false);
        }
        try (ParquetWriter<CleanRecord> writer = builder.build()) {
            for (CleanRecord record : records) {
                writer.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    @Override
    public StagedContent read(SourceDefinition source, byte[] parquet) {
        return read(source, parquet, source.fields().stream().map(FieldSpec::name).collect(Collectors.toSet()));
    }

    @Override
    public StagedContent read(SourceDefinition source, byte[] parquet, Set<String> fields) {
        StagedSchema staged = StagedSchema.of(source);
        List<CleanRecord> records = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(parquet), readOptions())) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            Map<String, String> metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
            MessageType projected = StagedRowReader.projection(fileSchema, staged, fields);
            reader.setRequestedSchema(projected);
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(projected, fileSchema);
            for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null;
                 rowGroup = reader.readNextRowGroup()) {
                RecordReader<CleanRecord> rows = columns.getRecordReader(rowGroup, new StagedRowReader(staged, projected));
                for (long i = 0; i < rowGroup.getRowCount(); i++) {
                    records.add(rows.read());
                }
            }
            return new StagedContent(records, metadata);
        } catch (IOException e) {
            throw new MalformedBatchException("staged object of " + source.name() + " is not readable Parquet");
        }
    }

    @Override
    public WrittenSchema writtenSchema(SourceDefinition source, byte[] parquet) {
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(parquet), readOptions())) {
            MessageType written = reader.getFooter().getFileMetaData().getSchema();
            String version = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SCHEMA_VERSION_KEY);
            MessageType now = schemaOf(StagedSchema.of(source));
            List<String> retyped = new ArrayList<>();
            for (FieldSpec f : source.fields()) {
                if (written.containsField(f.name()) && !sameType(written.getType(f.name()), now.getType(f.name()))) {
                    retyped.add(f.name());
                }
            }
            return new WrittenSchema(version == null ? 1 : Integer.parseInt(version), retyped);
        } catch (IOException | NumberFormatException e) {
            throw new MalformedBatchException("staged object of " + source.name() + " is not readable Parquet");
        }
    }

    /** Physical type and annotation (a decimal's scale included); whether the column may be null is no type. */
    private static boolean sameType(Type was, Type is) {
        return was.isPrimitive() && is.isPrimitive()
                && was.asPrimitiveType().getPrimitiveTypeName() == is.asPrimitiveType().getPrimitiveTypeName()
                && java.util.Objects.equals(was.getLogicalTypeAnnotation(), is.getLogicalTypeAnnotation());
    }

    /**
     * Plain options, new per read: {@code open(InputFile)} without them builds a Hadoop {@code Configuration} per read,
     * which parses its XML resources each time (a fifth of the aggregator's CPU in the e2e profile); and one shared
     * instance would share its codec factory's decompressors, which are not thread-safe (concurrent aggregator
     * workers then fail to decode dictionary pages).
     */
    private static ParquetReadOptions readOptions() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    }

    /** The Parquet schema of one staged schema version. */
    static MessageType schemaOf(StagedSchema staged) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        message.addField(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named(StagedSchema.BATCH_ID_COLUMN));
        message.addField(Types.required(PrimitiveTypeName.INT32).named(StagedSchema.POSITION_COLUMN));
        for (FieldSpec f : staged.fields()) {
            Type.Repetition repetition = f.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
            message.addField(switch (f.type()) {
                case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(f.name());
                case INTEGER -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(f.name());
                case DECIMAL -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), DECIMAL_PRECISION)).named(f.name());
                case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(f.name());
                case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(f.name());
            });
        }
        if (staged.keepsUnknownFields()) {
            message.addField(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(StagedSchema.UNKNOWN_FIELDS_COLUMN));
        }
        return message.named(staged.source().value());
    }

    /**
     * Writes clean records as rows of one staged schema straight into Parquet's record consumer, by column index:
     * no intermediate row or {@code Group} per record, no column lookup by name. Strings go in as byte-array
     * binaries, which the dictionary encoder hashes and compares much faster than the ByteBuffer-backed ones
     * {@code Binary.fromString} makes.
     */
    static final class StagedRows extends WriteSupport<CleanRecord> {
        private final StagedSchema staged;
        private final MessageType schema;
        private final Binary batchId;
        private final Map<String, String> keyValues;
        private RecordConsumer out;

        StagedRows(StagedSchema staged, BatchId batch, Map<String, String> keyValues) {
            this.staged = staged;
            this.schema = schemaOf(staged);
            this.batchId = Binary.fromConstantByteArray(batch.toString().getBytes(StandardCharsets.UTF_8));
            this.keyValues = keyValues;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, keyValues);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, keyValues);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(CleanRecord record) {
            List<FieldSpec> fields = staged.fields();
            for (FieldSpec f : fields) {
                if (f.required() && record.get(f.name()) == null) {
                    throw new IllegalArgumentException(record.position() + " lacks required field '" + f.name() + "'");
                }
            }
            out.startMessage();
            out.startField(StagedSchema.BATCH_ID_COLUMN, 0);
            out.addBinary(batchId);
            out.endField(StagedSchema.BATCH_ID_COLUMN, 0);
            out.startField(StagedSchema.POSITION_COLUMN, 1);
            out.addInteger(record.position().index());
            out.endField(StagedSchema.POSITION_COLUMN, 1);
            for (int i = 0; i < fields.size(); i++) {
                FieldSpec f = fields.get(i);
                Object value = record.get(f.name());
                if (value == null) {
                    continue;
                }
                out.startField(f.name(), i + 2);
                switch (f.type()) {
                    case STRING -> out.addBinary(Binary.fromConstantByteArray(
                            ((String) value).getBytes(StandardCharsets.UTF_8)));
                    case INTEGER -> out.addLong((Long) value);
                    case DECIMAL -> out.addLong(unscaled(f, (BigDecimal) value));
                    case BOOLEAN -> out.addBoolean((Boolean) value);
                    case TIMESTAMP -> out.addLong(micros((Instant) value));
                }
                out.endField(f.name(), i + 2);
            }
            if (staged.keepsUnknownFields() && record.get(StagedSchema.UNKNOWN_FIELDS_COLUMN) instanceof Map<?, ?> kept) {
                out.startField(StagedSchema.UNKNOWN_FIELDS_COLUMN, fields.size() + 2);
                out.addBinary(Binary.fromConstantByteArray(json(kept)));
                out.endField(StagedSchema.UNKNOWN_FIELDS_COLUMN, fields.size() + 2);
            }
            out.endMessage();
        }
    }

    /** A keep source's undeclared fields as the JSON object Athena's {@code json_extract} reads. */
    private static byte[] json(Map<?, ?> kept) {
        try {
            return JSON.writeValueAsBytes(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("undeclared fields are not JSON-writable", e);
        }
    }

    static final class RowsBuilder extends ParquetWriter.Builder<CleanRecord, RowsBuilder> {
        private final StagedRows rows;

        RowsBuilder(OutputFile file, StagedRows rows) {
            super(file);
            this.rows = rows;
        }

        @Override
        protected RowsBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<CleanRecord> getWriteSupport(Configuration conf) {
            return rows;
        }

        @Override
        protected WriteSupport<CleanRecord> getWriteSupport(ParquetConfiguration conf) {
            return rows;
        }
    }

    private static long unscaled(FieldSpec f, BigDecimal value) {
        // The cleaner already rounded to the field's scale; HALF_UP matches it for values from elsewhere.
        BigDecimal scaled = value.setScale(f.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > DECIMAL_PRECISION) {
            throw new IllegalArgumentException("field '" + f.name() + "' exceeds DECIMAL(18, " + f.scale() + ")");
        }
        return scaled.unscaledValue().longValueExact();
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }
}

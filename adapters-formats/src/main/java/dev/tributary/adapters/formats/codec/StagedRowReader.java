package dev.tributary.adapters.formats.codec;

import dev.tributary.domain.record.CleanRecord;
import dev.tributary.domain.rules.StagedSchema;
import dev.tributary.domain.source.FieldSpec;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns staged Parquet rows back into clean records, straight from parquet-java's column readers: each column's
 * values land in a slot of the row by field index (no {@code Group} per row, no lookup by name), only the
 * {@linkplain #projection projected} columns are read at all, and a dictionary-encoded string column decodes each
 * dictionary entry once instead of once per row.
 * <p>
 * Columns match fields by name, so objects of every earlier schema version read: a field added since reads as
 * absent, a column since removed is not read. A value is read by its column's own Parquet type, then converted to
 * the field's current type where that is lossless (int → integer, integer → decimal); anything else fails the read.
 */
final class StagedRowReader extends RecordMaterializer<CleanRecord> {
    private final StagedSchema staged;
    private final Row root;

    /**
     * @param projected the file schema narrowed by {@link #projection}; its columns are the ones read
     */
    StagedRowReader(StagedSchema staged, MessageType projected) {
        this.staged = staged;
        this.root = new Row(staged, projected);
    }

    /**
     * The columns of {@code fileSchema} worth reading: the position, the event time and {@code fields}, each only
     * if both the file and the current schema have it.
     */
    static MessageType projection(MessageType fileSchema, StagedSchema staged, Set<String> fields) {
        List<Type> columns = new ArrayList<>();
        for (Type column : fileSchema.getFields()) {
            String name = column.getName();
            boolean wanted = name.equals(StagedSchema.POSITION_COLUMN) || name.equals(staged.eventTimeField())
                    || fields.contains(name) && slotOf(staged, name) >= 0;
            if (wanted) {
                columns.add(column);
            }
        }
        return new MessageType(fileSchema.getName(), columns);
    }

    /** The index of the field named {@code name} in the current schema, or -1 when it has none of that name. */
    private static int slotOf(StagedSchema staged, String name) {
        for (int i = 0; i < staged.fields().size(); i++) {
            if (staged.fields().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public CleanRecord getCurrentRecord() {
        return staged.record(root.position, Arrays.asList(root.values));
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** One row being read: its position and one value slot per field of the current schema. */
    private static final class Row extends GroupConverter {
        private final Converter[] columns;
        private final int fieldCount;
        private int position;
        private Object[] values;

        Row(StagedSchema staged, MessageType projected) {
            this.fieldCount = staged.fields().size();
            this.columns = new Converter[projected.getFieldCount()];
            for (int i = 0; i < columns.length; i++) {
                Type column = projected.getType(i);
                if (column.getName().equals(StagedSchema.POSITION_COLUMN)) {
                    columns[i] = new Position(this);
                } else {
                    int slot = slotOf(staged, column.getName());
                    columns[i] = new Value(this, slot, staged.fields().get(slot), column.asPrimitiveType());
                }
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return columns[fieldIndex];
        }

        @Override
        public void start() {
            values = new Object[fieldCount];
        }

        @Override
        public void end() {
            // the row is complete: getCurrentRecord builds it
        }
    }

    private static final class Position extends PrimitiveConverter {
        private final Row row;

        Position(Row row) {
            this.row = row;
        }

        @Override
        public void addInt(int value) {
            row.position = value;
        }
    }

    /** The values of one field's column, converted to the field's type as they are read. */
    private static final class Value extends PrimitiveConverter {
        private final Row row;
        private final int slot;
        private final FieldSpec field;
        private final PrimitiveType column;
        private final LogicalTypeAnnotation logical;
        private Object[] dictionary;

        Value(Row row, int slot, FieldSpec field, PrimitiveType column) {
            this.row = row;
            this.slot = slot;
            this.field = field;
            this.column = column;
            this.logical = column.getLogicalTypeAnnotation();
        }

        @Override
        public boolean hasDictionarySupport() {
            return column.getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
        }

        @Override
        public void setDictionary(Dictionary values) {
            dictionary = new Object[values.getMaxId() + 1];
            for (int id = 0; id < dictionary.length; id++) {
                dictionary[id] = typed(values.decodeToBinary(id).toStringUsingUTF8());
            }
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            row.values[slot] = dictionary[dictionaryId];
        }

        @Override
        public void addBinary(Binary value) {
            if (column.getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
                throw unsupported();
            }
            put(value.toStringUsingUTF8());
        }

        @Override
        public void addBoolean(boolean value) {
            put(value);
        }

        @Override
        public void addInt(int value) {
            put((long) value);
        }

        @Override
        public void addLong(long value) {
            if (logical instanceof DecimalLogicalTypeAnnotation d) {
                put(BigDecimal.valueOf(value, d.getScale()));
            } else if (logical instanceof TimestampLogicalTypeAnnotation t) {
                put(switch (t.getUnit()) {
                    case MILLIS -> Instant.ofEpochMilli(value);
                    case MICROS -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
                    case NANOS -> Instant.EPOCH.plus(value, ChronoUnit.NANOS);
                });
            } else {
                put(value);
            }
        }

        @Override
        public void addFloat(float value) {
            throw unsupported();
        }

        @Override
        public void addDouble(double value) {
            throw unsupported();
        }

        private IllegalStateException unsupported() {
            return new IllegalStateException("column '" + column.getName() + "' has unsupported Parquet type "
                    + column.getPrimitiveTypeName());
        }

        private void put(Object value) {
            row.values[slot] = typed(value);
        }

        /**
         * The value as the field's current type. An object of an earlier schema version may hold the field under
         * another type: any value reads as its text where the field is a string now, a whole number as a decimal, a
         * decimal without fraction as a whole number, and a text that is one as a number, a boolean or an instant;
         * anything else cannot be read as the field now is.
         */
        private Object typed(Object value) {
            try {
                return switch (field.type()) {
                    case STRING -> value instanceof String ? value : text(value);
                    case INTEGER -> value instanceof Long ? value
                            : value instanceof BigDecimal d ? d.longValueExact()
                            : value instanceof String t ? Long.valueOf(t.trim()) : mismatch();
                    case DECIMAL -> value instanceof BigDecimal ? value
                            : value instanceof Long l ? BigDecimal.valueOf(l).setScale(field.scale())
                            : value instanceof String t ? new BigDecimal(t.trim()) : mismatch();
                    case BOOLEAN -> value instanceof Boolean ? value
                            : value instanceof String t && (t.equals("true") || t.equals("false"))
                            ? Boolean.valueOf(t) : mismatch();
                    case TIMESTAMP -> value instanceof Instant ? value
                            : value instanceof String t ? Instant.parse(t.trim()) : mismatch();
                };
            } catch (ArithmeticException | java.time.format.DateTimeParseException | NumberFormatException e) {
                return mismatch();
            }
        }

        private static String text(Object value) {
            return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }

        private Object mismatch() {
            throw new IllegalStateException("column '" + field.name() + "' is stored as " + column
                    + ", which cannot be read as " + field.type());
        }
    }
}

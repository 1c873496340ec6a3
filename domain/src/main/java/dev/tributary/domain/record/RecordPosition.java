package dev.tributary.domain.record;

/** Where a record sits in its batch: 0-based index in the order the producer sent records. */
public record RecordPosition(int index) implements Comparable<RecordPosition> {
    public RecordPosition {
        if (index < 0) {
            throw new IllegalArgumentException("record index must be >= 0: " + index);
        }
    }

    @Override
    public int compareTo(RecordPosition other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "record " + (index + 1);
    }
}

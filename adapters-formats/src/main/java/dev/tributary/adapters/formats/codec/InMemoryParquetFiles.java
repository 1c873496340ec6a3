package dev.tributary.adapters.formats.codec;

import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** Parquet's file abstractions over byte arrays, so the codec needs neither a file system nor Hadoop's. */
final class InMemoryParquetFiles {
    private InMemoryParquetFiles() {
    }

    /** Collects what the writer writes; {@link #toByteArray()} after the writer is closed. */
    static final class Output implements OutputFile {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            bytes.reset();
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    static final class Input implements InputFile {
        private final byte[] bytes;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableBytes in = new SeekableBytes(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.position();
                }

                @Override
                public void seek(long newPos) {
                    in.seek(newPos);
                }
            };
        }
    }

    private static final class SeekableBytes extends ByteArrayInputStream {
        SeekableBytes(byte[] bytes) {
            super(bytes);
        }

        synchronized long position() {
            return pos;
        }

        synchronized void seek(long newPos) {
            if (newPos < 0 || newPos > count) {
                throw new IllegalArgumentException("seek outside the file: " + newPos);
            }
            pos = (int) newPos;
        }
    }
}

package dev.tributary.adapters.local.lake;

import dev.tributary.application.TestBatches;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.LakeStore.LakeObject;
import dev.tributary.application.port.out.LakeStoreContract;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileSystemLakeStoreTest extends LakeStoreContract {
    @TempDir
    Path root;

    @Override
    protected LakeStore newLakeStore() {
        return new FileSystemLakeStore(root);
    }

    @Test
    void objectIsAFileAtItsKeyPathWithAHiddenMetadataSidecarAndNoTemporaryFilesLeft() throws IOException {
        ObjectKey key = TestBatches.rawKey();

        new FileSystemLakeStore(root).put(key, new LakeObject(bytes("{}\n"), Map.of("source", "orders")));

        assertThat(root.resolve(key.path())).hasContent("{}\n");
        try (Stream<Path> files = Files.list(root.resolve(key.path()).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(key.batch() + ".ndjson", "." + key.batch() + ".ndjson.meta");
        }
    }

    @Test
    void objectsWrittenBeforeARestartAreReadWithTheirMetadata() {
        ObjectKey key = TestBatches.rawKey();
        LakeObject object = new LakeObject(bytes("x"), Map.of("note", "a = b: c, ü", "batch-id", key.batch().toString()));
        new FileSystemLakeStore(root).put(key, object);

        LakeStore reopened = new FileSystemLakeStore(root);

        assertThat(reopened.get(key)).contains(object);
        assertThat(reopened.list(Zone.RAW, Optional.empty())).containsExactly(key);
    }

    @Test
    void filesThatAreNoLakeObjectsAreLeftOutOfTheListing() throws IOException {
        LakeStore lake = new FileSystemLakeStore(root);
        ObjectKey key = TestBatches.rawKey();
        lake.put(key, new LakeObject(bytes("x"), Map.of()));
        Files.writeString(root.resolve(key.path()).resolveSibling("notes.txt"), "hand-made");

        assertThat(lake.list(Zone.RAW, Optional.empty())).containsExactly(key);
    }

    @Test
    void duckDbReadsTheStagedZoneWithoutTrippingOverSidecars() throws Exception {
        LakeStore lake = new FileSystemLakeStore(root);
        ObjectKey staged = TestBatches.rawKey().in(Zone.STAGED);
        Path parquet = root.resolveSibling(root.getFileName() + "-made.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            sql.execute("COPY (SELECT range AS n FROM range(3)) TO '" + parquet + "' (FORMAT PARQUET)");
            lake.put(staged, new LakeObject(Files.readAllBytes(parquet), Map.of("schema-version", "1")));

            long rows = count(sql, "SELECT count(*) FROM read_parquet('" + root + "/staged/**/*.parquet')");

            assertThat(rows).isEqualTo(3);
        } finally {
            Files.deleteIfExists(parquet);
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

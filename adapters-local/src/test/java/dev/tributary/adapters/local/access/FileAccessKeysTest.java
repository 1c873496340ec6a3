package dev.tributary.adapters.local.access;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.application.port.out.AccessKeysContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileAccessKeysTest extends AccessKeysContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("access-keys.txt");
    }

    @Override
    protected AccessKeys keysOver(String text) {
        store(text);
        return new FileAccessKeys(file(), clock, REFRESH);
    }

    @Override
    protected void store(String text) {
        try {
            Files.writeString(file(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void breakStore() {
        store("this is not a key list\n");
    }

    @Test
    void aMissingFileLetsNobodyIn() {
        AccessKeys keys = new FileAccessKeys(dir.resolve("absent.txt"), clock, REFRESH);

        assertThat(keys.current().size()).isZero();
    }
}

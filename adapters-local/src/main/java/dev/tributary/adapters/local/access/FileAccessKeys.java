package dev.tributary.adapters.local.access;

import dev.tributary.application.port.out.AccessKeys;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.access.AccessKeyList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The key list in a text file ({@link AccessKeyList}'s format: SHA-256 digests, never keys), read again whenever the
 * file changed, looked at no more than once per {@code recheck}. Editing the file (or {@code tributary keys create})
 * adds or revokes a key in a running pipeline. A file that cannot be read or parsed after a good read keeps the good
 * list in force, with a warning; a missing file is an empty list: nobody gets in.
 */
public final class FileAccessKeys implements AccessKeys {
    private static final Logger LOG = LoggerFactory.getLogger(FileAccessKeys.class);

    private final Path file;
    private final Clock clock;
    private final Duration recheck;
    private AccessKeyList list;
    private Object version;
    private Instant checkedAt = Instant.MIN;

    public FileAccessKeys(Path file, Clock clock, Duration recheck) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recheck = Objects.requireNonNull(recheck, "recheck");
    }

    @Override
    public synchronized AccessKeyList current() {
        Instant now = clock.instant();
        if (list != null && now.isBefore(checkedAt.plus(recheck))) {
            return list;
        }
        checkedAt = now;
        try {
            Object seen = version();
            if (list == null || !seen.equals(version)) {
                list = seen == Missing.FILE ? AccessKeyList.empty()
                        : AccessKeyList.parse(Files.readString(file, StandardCharsets.UTF_8));
                version = seen;
                LOG.atInfo().addKeyValue("file", file).addKeyValue("keys", list.size()).log("access keys loaded");
            }
        } catch (IOException | IllegalArgumentException e) {
            if (list == null) {
                throw new PortUnavailableException("access keys", "cannot read " + file + ": " + e.getMessage(), e);
            }
            LOG.atWarn().addKeyValue("file", file).addKeyValue("error", e.getMessage())
                    .log("access key file unreadable, the keys read before stay in force");
        }
        return list;
    }

    private enum Missing { FILE }

    /** What tells a changed file: its modification time, size and file key; {@link Missing#FILE} when absent. */
    private Object version() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return Missing.FILE;
        }
    }
}

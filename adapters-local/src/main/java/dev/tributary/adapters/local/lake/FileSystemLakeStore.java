package dev.tributary.adapters.local.lake;

import dev.tributary.adapters.local.Fsync;
import dev.tributary.application.port.out.LakeStore;
import dev.tributary.application.port.out.PortUnavailableException;
import dev.tributary.domain.batch.BatchId;
import dev.tributary.domain.lake.ObjectFormat;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The lake as a folder: an object lives at {@code <root>/<ObjectKey.path()>}, its metadata in the hidden sidecar
 * {@code .<file name>.meta} next to it (UTF-8 properties), so engines globbing {@code staged/**}{@code /*.parquet}
 * see only data files. A put is durable and atomic when it returns: sidecar and data are written to hidden temporary
 * files in the same folder and fsynced together (two forces at once, which the file system can commit as one), then
 * renamed over the old files, sidecar first, so a visible object always has its metadata, and the folder is fsynced
 * once for both renames. Replacing an object (redelivery rewrites the same bytes) may show the new metadata with the
 * old data for the instant between the two renames.
 */
public final class FileSystemLakeStore implements LakeStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileSystemLakeStore.class);
    private static final String PORT = "lake";
    /** Forces the sidecar while the writer forces the data: fsync latency, not bandwidth, bounds a put. */
    private static final ExecutorService SIDECAR_FORCES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lake-sidecar-force");
        t.setDaemon(true);
        return t;
    });
    private final Path root;

    public FileSystemLakeStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, e);
        }
    }

    @Override
    public void put(ObjectKey key, LakeObject object) {
        Path file = fileOf(key);
        try {
            createFolders(file.getParent());
            Path sidecar = sidecarOf(file);
            Path sidecarTemp = temporaryOf(sidecar);
            Path dataTemp = temporaryOf(file);
            try {
                write(sidecarTemp, metadataText(object.metadata()).getBytes(StandardCharsets.UTF_8));
                write(dataTemp, object.bytes());
                forceBoth(sidecarTemp, dataTemp);
                // Sidecar first: a visible object always has its metadata, also after a crash between the renames.
                Files.move(sidecarTemp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.move(dataTemp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Fsync.directory(file.getParent());                       // invariant 3: both renames durable on return
            } finally {
                Files.deleteIfExists(sidecarTemp);
                Files.deleteIfExists(dataTemp);
            }
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, "cannot write " + key.path(), e);
        }
        LOG.atDebug().addKeyValue("zone", key.zone()).addKeyValue("objectKey", key.path())
                .addKeyValue("bytes", object.bytes().length).log("lake object written");
    }

    /** The object first, then its sidecar: a crash between leaves a sidecar alone, which no listing shows. */
    @Override
    public void delete(ObjectKey key) {
        Path file = fileOf(key);
        try {
            boolean existed = Files.deleteIfExists(file);
            Files.deleteIfExists(sidecarOf(file));
            if (existed) {
                Fsync.directory(file.getParent());
            }
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, "cannot delete " + key.path(), e);
        }
    }

    @Override
    public Optional<LakeObject> get(ObjectKey key) {
        Path file = fileOf(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Path sidecar = sidecarOf(file);
            Map<String, String> metadata = Files.exists(sidecar)
                    ? parseMetadata(Files.readString(sidecar, StandardCharsets.UTF_8)) : Map.of();
            return Optional.of(new LakeObject(bytes, metadata));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, "cannot read " + key.path(), e);
        }
    }

    @Override
    public List<ObjectKey> list(Zone zone, Optional<SourceName> source) {
        Path folder = root.resolve(zone.prefix());
        if (source.isPresent()) {
            folder = folder.resolve("source=" + source.get().value());
        }
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ObjectKey> keys = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile() && !p.getFileName().toString().startsWith(".")) {
                        keyOf(p).ifPresent(keys::add);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    // A writer's temp file renamed away between listing and reading it: not an object, skip it.
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, "cannot list " + zone.prefix(), e);
        }
        keys.sort(Comparator.comparing(ObjectKey::path));
        return keys;
    }

    /**
     * Walks the source's folder tree newest first: each folder's entries in reverse name order (the partition names and
     * the batch ids in file names sort by time), skipping folders that hold only batches at or after {@code before},
     * until the page is full. Only the folders on the way to the page are read.
     */
    @Override
    public List<ObjectKey> listNewest(Zone zone, SourceName source, Optional<BatchId> before, int limit) {
        Path folder = root.resolve(zone.prefix()).resolve("source=" + source.value());
        ObjectFormat format = zone.fixedFormat().orElse(ObjectFormat.JSON);
        String bound = before.map(b -> new ObjectKey(zone, source, b, format).path()).orElse(null);
        List<ObjectKey> page = new ArrayList<>();
        try {
            walkNewest(folder, bound, before, limit, page);
        } catch (IOException e) {
            throw new PortUnavailableException(PORT, "cannot list " + zone.prefix(), e);
        }
        return page;
    }

    private void walkNewest(Path folder, String bound, Optional<BatchId> before, int limit, List<ObjectKey> page)
            throws IOException {
        List<Path> entries;
        try (java.util.stream.Stream<Path> list = Files.list(folder)) {
            entries = list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (NoSuchFileException e) {
            return;                                             // nothing written for this source and zone yet
        }
        for (Path entry : entries) {
            if (page.size() >= limit) {
                return;
            }
            if (Files.isDirectory(entry)) {
                if (mayHoldOlder(relative(entry) + "/", bound)) {
                    walkNewest(entry, bound, before, limit, page);
                }
            } else {
                keyOf(entry).filter(k -> before.map(b -> k.batch().compareTo(b) < 0).orElse(true))
                        .ifPresent(page::add);
            }
        }
    }

    /**
     * Whether a folder may hold an object listed before {@code bound} (a key path): every path in it starts with the
     * folder's, so a folder sorting after the bound, and not on its way, holds only later ones.
     */
    private static boolean mayHoldOlder(String folder, String bound) {
        return bound == null || folder.compareTo(bound) < 0 || bound.startsWith(folder);
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private Optional<ObjectKey> keyOf(Path file) {
        String path = relative(file);
        try {
            return Optional.of(ObjectKey.parse(path));
        } catch (IllegalArgumentException e) {
            LOG.atDebug().addKeyValue("file", path).log("file in the lake that is no object skipped");
            return Optional.empty();
        }
    }

    private Path fileOf(ObjectKey key) {
        return root.resolve(key.path());
    }

    private static Path sidecarOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".meta");
    }

    /** Creates missing folders and fsyncs the parent of each one created, so the new entries survive a crash. */
    private void createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent());
        try {
            Files.createDirectory(folder);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;                                          // another writer created it meanwhile
        }
        Fsync.directory(folder.getParent());
    }

    private static Path temporaryOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    private static void write(Path temp, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** Returns once both files' contents are on disk; the two fsyncs overlap. */
    private static void forceBoth(Path sidecar, Path data) throws IOException {
        Future<?> sidecarForced = SIDECAR_FORCES.submit(() -> {
            Fsync.file(sidecar);
            return null;
        });
        Fsync.file(data);
        try {
            sidecarForced.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while forcing " + sidecar);
        }
    }

    private static String metadataText(Map<String, String> metadata) throws IOException {
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(metadata));
        StringWriter text = new StringWriter();
        properties.store(text, null);
        return text.toString();
    }

    private static Map<String, String> parseMetadata(String text) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        }
        Map<String, String> metadata = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> metadata.put(name, properties.getProperty(name)));
        return metadata;
    }
}

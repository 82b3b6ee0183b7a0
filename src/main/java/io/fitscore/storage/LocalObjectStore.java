package io.fitscore.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.fitscore.failure.ExitCode;

/**
 * file:// locations as objects: writes go to a temporary file beside the target and are moved in, so a reader
 * never sees half a file; a file's "ETag" is its content's SHA-256 (conditional writes) or its modification time
 * (input versions). Conditional writes compare and then move, which is not atomic across processes: leases on
 * local files are best effort.
 */
public final class LocalObjectStore implements ObjectStore {

    @Override
    public void put(StorageUri location, byte[] content, String contentType) {
        try {
            Path target = Path.of(location.key());
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".fitscore-", ".tmp");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public Optional<String> createIfAbsent(StorageUri location, byte[] content, String contentType) {
        try {
            Path target = Path.of(location.key());
            Files.createDirectories(target.getParent());
            // Written aside, then linked in: the link fails if the file exists, and no reader sees it half-written.
            Path temp = Files.createTempFile(target.getParent(), ".fitscore-", ".tmp");
            try {
                Files.write(temp, content);
                Files.createLink(target, temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            return Optional.of(contentTag(content));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public Optional<String> replaceIfMatch(StorageUri location, byte[] content, String contentType, String etag) {
        Optional<Versioned> current = getIfExists(location);
        if (current.isEmpty() || !current.get().etag().equals(etag)) {
            return Optional.empty();
        }
        put(location, content, contentType);
        return Optional.of(contentTag(content));
    }

    @Override
    public Optional<Versioned> getIfExists(StorageUri location) {
        try {
            byte[] content = Files.readAllBytes(Path.of(location.key()));
            return Optional.of(new Versioned(content, contentTag(content)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be read");
        }
    }

    @Override
    public boolean deleteIfMatch(StorageUri location, String etag) {
        try {
            Optional<Versioned> current = getIfExists(location);
            return current.isPresent() && current.get().etag().equals(etag) && Files.deleteIfExists(Path.of(location.key()));
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    @Override
    public byte[] get(StorageUri location) {
        try {
            return Files.readAllBytes(Path.of(location.key()));
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    @Override
    public byte[] readHead(StorageUri location, int bytes) {
        try (var in = Files.newInputStream(Path.of(location.key()))) {
            return in.readNBytes(bytes);
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    @Override
    public List<String> list(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        try {
            Path root = Path.of(folder.key());
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(folder.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be listed");
        }
    }

    @Override
    public List<ObjectInfo> describe(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        List<ObjectInfo> files = new ArrayList<>();
        for (String name : list(folder)) {
            files.add(head(folder.resolve(name)));
        }
        return files;
    }

    @Override
    public ObjectInfo head(StorageUri location) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(location.key()), BasicFileAttributes.class);
            return new ObjectInfo(location.toString(), "mtime:" + attributes.lastModifiedTime(), attributes.size());
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    @Override
    public void copy(StorageUri from, StorageUri to) {
        try {
            Path target = Path.of(to.key());
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(from.key()), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(to.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public void delete(StorageUri location) {
        try {
            Files.deleteIfExists(Path.of(location.key()));
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    /** The files under the folder, then the folder itself and its sub-folders. */
    @Override
    public void deleteFolder(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        for (String name : list(folder)) {
            delete(folder.resolve(name));
        }
        try (Stream<Path> paths = Files.walk(Path.of(folder.key()))) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private static String contentTag(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

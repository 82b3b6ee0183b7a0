package io.fitscore.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** A parsed input or output location: an S3 object or prefix, or a local file URI. */
public record StorageUri(String scheme, String bucket, String key, String original) {

    /**
     * Parses s3://, s3a:// and file:// URIs (and file:relative/path, resolved against the working directory); anything
     * else is a configuration error naming the setting.
     */
    public static StorageUri parse(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new FitscoreException(ExitCode.CONFIG, setting + ": empty location");
        }
        String trimmed = value.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new FitscoreException(ExitCode.CONFIG, setting + ": '" + trimmed + "' is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "s3", "s3a" -> {
                String bucket = uri.getHost();
                if (bucket == null || bucket.isBlank()) {
                    throw new FitscoreException(ExitCode.CONFIG, setting + ": '" + trimmed + "' has no bucket name");
                }
                String path = uri.getPath() == null ? "" : uri.getPath();
                return new StorageUri("s3", bucket, path.startsWith("/") ? path.substring(1) : path, trimmed);
            }
            case "file" -> {
                // file:relative/path (no slashes after the colon) is relative to the working directory, so that dev mode's
                // and the README's examples need no absolute path; file:///abs/path as ever.
                String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
                if (path == null || path.isEmpty()) {
                    throw new FitscoreException(ExitCode.CONFIG, setting + ": '" + trimmed + "' has no path");
                }
                if (!path.startsWith("/")) {
                    String absolute = java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
                    path = path.endsWith("/") ? absolute + "/" : absolute;
                }
                return new StorageUri("file", "", path, trimmed);
            }
            default -> throw new FitscoreException(ExitCode.CONFIG,
                    setting + ": '" + trimmed + "' must start with s3://, s3a:// or file://");
        }
    }

    /**
     * Whether this names several files: a folder (the key ends with /: every file under it) or a
     * pattern whose * matches within one path segment, as Hadoop's globs do (s3://logs/2026/11/*.csv).
     */
    public boolean isMultiFile() {
        return key.endsWith("/") || key.contains("*");
    }

    /** The folder to list to find the files this names: the key up to the last / before any *. */
    public StorageUri listingFolder() {
        int star = key.indexOf('*');
        String fixed = star < 0 ? key : key.substring(0, star);
        return new StorageUri(scheme, bucket, fixed.substring(0, fixed.lastIndexOf('/') + 1), original);
    }

    /**
     * Whether an object key (of this bucket) is one of the files this names; as for Spark, files and
     * folders whose names start with _ or . (markers, staging) are not data.
     */
    public boolean names(String objectKey) {
        String folder = listingFolder().key;
        if (!objectKey.startsWith(folder) || objectKey.endsWith("/")) {
            return false;
        }
        for (String segment : objectKey.substring(folder.length()).split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return false;
            }
        }
        if (key.endsWith("/")) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[^/]*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return objectKey.matches(regex.toString());
    }

    public boolean isS3() {
        return "s3".equals(scheme);
    }

    /** The path Spark/Hadoop reads: s3 locations always through the s3a filesystem. */
    public String hadoopPath() {
        return isS3() ? "s3a://" + bucket + "/" + key : "file://" + key;
    }

    /** The same location seen as a folder: the key ends with exactly one slash (empty at bucket level). */
    public StorageUri asPrefix() {
        String k = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        return new StorageUri(scheme, bucket, k, original);
    }

    /** A child location under this one taken as a prefix. */
    public StorageUri resolve(String child) {
        StorageUri prefix = asPrefix();
        return new StorageUri(scheme, bucket, prefix.key + child, original);
    }

    /**
     * A sibling prefix for staging a new version of this folder: {@code a/b/out/} stages in
     * {@code a/b/.out.staging-<id>/}, outside the folder, so readers of the folder never see it.
     */
    public StorageUri stagingSibling(String id) {
        return sibling(".staging-" + id + "/");
    }

    /**
     * The object beside this folder that says which run may publish into it ({@code parent/.name.lease}):
     * outside the folder, so listing or replacing the folder never touches it.
     */
    public StorageUri leaseSibling() {
        return sibling(".lease");
    }

    /** {@code parent/.name<suffix>}: a hidden neighbour of this folder in its parent. */
    private StorageUri sibling(String suffix) {
        String folder = asPrefix().key;
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        int slash = trimmed.lastIndexOf('/');
        String parent = slash < 0 ? "" : trimmed.substring(0, slash + 1);
        String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
        return new StorageUri(scheme, bucket, parent + "." + (name.isEmpty() ? "fitscore" : name) + suffix, original);
    }

    /** Whether this location is the same as, or lies inside, the other one taken as a prefix. */
    public boolean isWithin(StorageUri other) {
        if (!scheme.equals(other.scheme) || !bucket.equals(other.bucket)) {
            return false;
        }
        String mine = asPrefix().key;
        return mine.startsWith(other.asPrefix().key);
    }

    @Override
    public String toString() {
        return isS3() ? "s3://" + bucket + "/" + key : "file://" + key;
    }
}

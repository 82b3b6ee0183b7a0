package io.fitscore.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;

/** A parsed input or output location: an S3 object or prefix, or a local file URI. */
public record StorageUri(String scheme, String bucket, String key, String original) {

    /** Parses s3://, s3a:// and file:// URIs; anything else is a configuration error naming the setting. */
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
                return new StorageUri("file", "", uri.getPath(), trimmed);
            }
            default -> throw new FitscoreException(ExitCode.CONFIG,
                    setting + ": '" + trimmed + "' must start with s3://, s3a:// or file://");
        }
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

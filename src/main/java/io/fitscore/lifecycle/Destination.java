package io.fitscore.lifecycle;

import io.fitscore.storage.StorageUri;

/** A folder a job publishes to, and the object written last in it that marks a complete staging. */
public record Destination(StorageUri folder, String marker) {
}

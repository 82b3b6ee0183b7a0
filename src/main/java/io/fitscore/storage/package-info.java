/**
 * Where things are stored: s3:// and file:// locations (StorageUri, with their Hadoop paths and staging siblings),
 * the ObjectStore every component reads and writes single objects through (an S3 and a local-files implementation,
 * picked by the location), and how storage errors become one line and an exit code.
 */
package io.fitscore.storage;

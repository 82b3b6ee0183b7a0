/**
 * Locations: s3:// and file:// URIs as fitscore names them, with their Hadoop paths and staging siblings.
 */
package io.fitscore.storage;

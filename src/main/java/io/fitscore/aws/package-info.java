/**
 * Credentials and the S3 client: the one credentials decision shared by Spark's s3a and the Quarkus S3 client,
 * object reads, writes, lists and conditional writes (ObjectStore, for s3:// and file://), request counts, and how
 * storage errors become exit codes.
 */
package io.fitscore.aws;

/**
 * Credentials and the S3 client: the one credentials decision shared by Spark's s3a and the Quarkus S3 client, the
 * client itself, and request counts.
 */
package io.fitscore.aws;

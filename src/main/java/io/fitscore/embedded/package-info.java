/**
 * The embedded S3 server of dev mode: S3Proxy as a child process on 127.0.0.1, seeded with generated sample data.
 */
package io.fitscore.embedded;

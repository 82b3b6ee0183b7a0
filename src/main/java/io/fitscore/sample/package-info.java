/**
 * fitscore sample: generated data with known properties (course-like movies, a known function, low-rank tables,
 * shapes, order logs) for the tests, benchmarks and dev mode.
 */
package io.fitscore.sample;

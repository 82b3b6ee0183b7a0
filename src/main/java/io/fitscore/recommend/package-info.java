/**
 * fitscore recommend: the command and its job (ALS from order logs against a popularity baseline); its Spark work
 * is spark.CollaborativeFiltering.
 */
package io.fitscore.recommend;

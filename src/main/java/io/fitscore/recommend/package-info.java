/**
 * fitscore recommend: the command, its job and settings, and its Spark work (CollaborativeFiltering: customer-item
 * pairs, ALS, its evaluation against the popularity baseline, the top items per customer).
 */
package io.fitscore.recommend;

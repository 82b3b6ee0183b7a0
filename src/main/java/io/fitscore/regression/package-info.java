/**
 * fitscore run, score and validate: the regression jobs (RegressionJob trains, evaluates and scores; ScoreJob scores
 * with a saved model), their commands, settings and config mapping. The bounded collect to the driver and the
 * scoring inside Spark they share with any supervised job, in supervised.
 */
package io.fitscore.regression;

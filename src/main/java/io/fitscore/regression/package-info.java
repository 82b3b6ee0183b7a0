/**
 * fitscore run, score and validate: the regression jobs (RegressionJob trains, evaluates and scores; ScoreJob scores
 * with a saved model), their commands, settings and config mapping, the bounded collect to the driver, and scoring
 * every joined row inside Spark with the model ml trained.
 */
package io.fitscore.regression;

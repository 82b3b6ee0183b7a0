/**
 * fitscore reduce: the command, its job and settings, and its Spark work: PCA of tables (PrincipalComponents, with
 * one-hot and imputation) or of image folders (ImageFolders).
 */
package io.fitscore.reduce;

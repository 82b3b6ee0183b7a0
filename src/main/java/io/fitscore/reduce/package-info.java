/**
 * fitscore reduce: the command and its job (PCA of tables or image folders); its Spark work is
 * spark.PrincipalComponents and spark.ImageFolders.
 */
package io.fitscore.reduce;

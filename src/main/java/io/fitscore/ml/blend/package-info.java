/**
 * The blend candidate: a trainer whose model is the equal-weight average of its members' models.
 */
package io.fitscore.ml.blend;

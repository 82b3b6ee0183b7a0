/** What fitscore's own Tribuo trainers share: the invocation count of Tribuo's trainer contract, and the seeded order of their inner splits. */
package io.fitscore.ml.base;

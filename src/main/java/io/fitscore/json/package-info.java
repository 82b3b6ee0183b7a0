/** The one configured JSON mapper every package writes and reads its documents with. */
package io.fitscore.json;

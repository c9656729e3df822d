/**
 * Provenance for every write an API caller makes: one Provenance per database transaction, written in
 * that transaction just before it commits, naming who wrote (the user or system and their
 * organisation, and the application a user acted through), what was written (each record's version)
 * and what was done. A Provenance names the people whose records it points to and carries their
 * security labels, so that the access rules show it only to those who may read those records.
 */
package care.neighbourhood.fhirserver.provenance;

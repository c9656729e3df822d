/**
 * What the server knows about the shape of the records it keeps, in one place: which element of each
 * resource type names its person, who acted, and which organisation recorded it
 * ({@link care.neighbourhood.fhirserver.record.RecordTypes}); and how the server searches its own
 * storage ({@link care.neighbourhood.fhirserver.record.InternalSearches}). Used by the access rules,
 * the audit trail and the server wiring alike; depends on none of them.
 */
package care.neighbourhood.fhirserver.record;

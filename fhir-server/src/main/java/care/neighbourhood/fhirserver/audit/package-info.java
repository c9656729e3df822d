/**
 * The audit trail: one AuditEvent for every FHIR interaction, allowed or denied, committed before
 * the response is sent (in the write's own transaction, or by the group-commit writer), kept in
 * indexed tables of its own and read back through {@code AuditEvent} searches by
 * information-governance officers. See {@code docs/audit.md}.
 */
package care.neighbourhood.fhirserver.audit;

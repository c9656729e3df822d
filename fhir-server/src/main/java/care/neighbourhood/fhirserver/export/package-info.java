/**
 * Bulk export ({@code $export}, NDJSON) through HAPI's export jobs, within the access rules: who may
 * ask is decided by {@link care.neighbourhood.fhirserver.access.ExportPolicy}; the requester is
 * recorded on the job; every record the job would write is judged as a read by the requester; the
 * job's status and files are for the requester alone, and the files are removed after
 * {@code workspace.export.retention-hours}.
 */
package care.neighbourhood.fhirserver.export;

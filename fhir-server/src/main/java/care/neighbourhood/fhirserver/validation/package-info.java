/**
 * Validation of every record written, whoever writes it: against base FHIR R4 and, for the types the
 * workspace profiles ({@code config/profiles/}), against the workspace's own profile. An invalid
 * resource is refused with 422 and an OperationOutcome naming the element and the profile.
 */
package care.neighbourhood.fhirserver.validation;

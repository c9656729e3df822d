/**
 * Authentication of FHIR API callers: bearer access tokens from the neighbourhood realm, checked
 * for signature, issuer, expiry and audience, and the OperationOutcome answers for 401 and 403.
 */
package care.neighbourhood.fhirserver.security;

/**
 * How an external system finds out how to connect: the SMART App Launch discovery document at
 * {@code /fhir/.well-known/smart-configuration} and the security section of the CapabilityStatement,
 * both built from one description of the authorisation server ({@link SmartConfiguration}).
 */
package care.neighbourhood.fhirserver.smart;

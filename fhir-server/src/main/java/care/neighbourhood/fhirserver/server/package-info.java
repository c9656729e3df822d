/**
 * The HAPI FHIR JPA server wiring: database schema migration, JPA and storage settings, the
 * RestfulServer servlet and the one ordered list of server interceptors.
 */
package care.neighbourhood.fhirserver.server;

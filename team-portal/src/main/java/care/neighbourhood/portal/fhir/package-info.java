/**
 * Everything that speaks FHIR: the HAPI generic client, relaying the signed-in user's access token,
 * paging through searches, turning FHIR errors into {@link
 * care.neighbourhood.portal.fhir.FhirServiceException} and mapping FHIR resources to the view
 * records of the feature packages. The only package that imports HAPI or the FHIR model.
 */
package care.neighbourhood.portal.fhir;

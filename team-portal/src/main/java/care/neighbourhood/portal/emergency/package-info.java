/**
 * Emergency access, as a member of staff meets it: a search by NHS number or by name and date of birth
 * (the FHIR server's demographic look-up, which tells no more than name, date of birth and NHS
 * number), a page that explains the rule and asks for the reason, the FHIR server's break-glass
 * operation, and a banner on the person's page saying when the access ends.
 */
package care.neighbourhood.portal.emergency;

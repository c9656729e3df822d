/**
 * Login through Keycloak (OAuth2 authorization code with PKCE), logout that also ends the Keycloak
 * session, the signed-in user's tokens (kept in the HTTP session and refreshed when they expire) and
 * the {@link care.neighbourhood.portal.security.CurrentUser} read from the access token.
 */
package care.neighbourhood.portal.security;

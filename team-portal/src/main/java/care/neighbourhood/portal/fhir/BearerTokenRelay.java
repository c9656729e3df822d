package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import care.neighbourhood.portal.security.AccessTokens;

/**
 * Sends each FHIR request with the signed-in user's own access token, so that the FHIR server decides
 * on the user's behalf and its audit trail names the user, not the portal.
 */
class BearerTokenRelay implements IClientInterceptor {

    private final AccessTokens accessTokens;

    BearerTokenRelay(AccessTokens accessTokens) {
        this.accessTokens = accessTokens;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        request.removeHeaders(Constants.HEADER_AUTHORIZATION);
        request.addHeader(
                Constants.HEADER_AUTHORIZATION,
                Constants.HEADER_AUTHORIZATION_VALPREFIX_BEARER + accessTokens.currentAccessToken());
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // Nothing to do with the answer.
    }
}

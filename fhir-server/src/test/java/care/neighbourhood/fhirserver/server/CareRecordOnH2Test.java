package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;

class CareRecordOnH2Test extends FhirServerTestBase implements CareRecordRoundTrip {

    @Override
    public IGenericClient clientWithToken(String token) {
        return super.clientWithToken(token);
    }
}

package care.neighbourhood.fhirserver.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import ca.uhn.fhir.rest.server.messaging.BaseResourceMessage;
import care.neighbourhood.fhirserver.access.SubscriptionProperties;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which changes go to subscription matching: those a subscription can be about, and Subscriptions. */
class SubscribableChangesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final SubscribableChanges CHANGES =
            new SubscribableChanges(FHIR, new SubscriptionProperties(List.of("Task", "CarePlan"), Map.of(), false));
    private static final Map<String, IBaseResource> EXAMPLES = Map.of(
            "Task", new Task(),
            "CarePlan", new CarePlan(),
            "Subscription", new Subscription(),
            "Observation", new Observation(),
            "Patient", new Patient(),
            "Provenance", new Provenance());

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "Task, true",
        "CarePlan, true",
        "Subscription, true",
        "Observation, false",
        "Patient, false",
        "Provenance, false"
    })
    void onlyChangesASubscriptionCanBeAboutAreMatched(String type, boolean matched) {
        IBaseResource resource = EXAMPLES.get(type);
        resource.setId(type + "/1/_history/1");
        ResourceModifiedMessage change =
                new ResourceModifiedMessage(FHIR, resource, BaseResourceMessage.OperationTypeEnum.CREATE);
        assertThat(CHANGES.worthMatching(change)).isEqualTo(matched);
    }
}

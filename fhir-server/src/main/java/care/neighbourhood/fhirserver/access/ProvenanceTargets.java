package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Provenance;

/**
 * A Provenance is shown under the rules of the records it points to: for each type among them, as a
 * record of that type about the people it names (the relationship with every one of them, their
 * consents, the agreement for that type); the labels of the records travel with it. One that points
 * only to the directory is shown like the directory.
 */
final class ProvenanceTargets {

    private ProvenanceTargets() {}

    /**
     * @param asRecordOf judges the Provenance as a record of the given type about the people it names
     */
    static Disclosure disclose(Provenance provenance, Set<String> scopes, Function<String, Disclosure> asRecordOf) {
        Set<String> types = new LinkedHashSet<>();
        provenance
                .getTarget()
                .forEach(target -> types.add(target.getReferenceElement().getResourceType()));
        Disclosure shown = Disclosure.show(AccessBasis.DIRECTORY_RECORD);
        for (String type : types) {
            if (RecordTypes.isDirectory(type)) {
                continue;
            }
            if (!RecordTypes.isAboutAPerson(type)) {
                return Disclosure.hide("Provenance of " + type + " is not served");
            }
            if (!SmartScopes.permits(scopes, type, SmartScopes.Access.READ)) {
                return Disclosure.hide("the token's scopes leave out " + type);
            }
            shown = asRecordOf.apply(type);
            if (!shown.isShown()) {
                return shown;
            }
        }
        return shown;
    }

    /** The type whose rules a record is judged by: its own, or for a Provenance its first record's. */
    static String judgedAs(IBaseResource resource) {
        if (resource instanceof Provenance provenance) {
            return provenance.getTarget().stream()
                    .map(target -> target.getReferenceElement().getResourceType())
                    .filter(RecordTypes::isAboutAPerson)
                    .findFirst()
                    .orElse(resource.fhirType());
        }
        return resource.fhirType();
    }
}

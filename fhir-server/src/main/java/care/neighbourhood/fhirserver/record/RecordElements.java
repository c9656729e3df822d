package care.neighbourhood.fhirserver.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/** Reads, from a resource, the elements that {@link RecordTypes} says name its people and its actors. */
@Component
public class RecordElements {

    private static final Pattern EXTENSION_VALUE = Pattern.compile("^[A-Za-z]+\\.extension\\('([^']+)'\\)\\.value$");

    private final FhirTerser terser;

    public RecordElements(FhirContext fhirContext) {
        this.terser = fhirContext.newTerser();
    }

    /**
     * The references to the people a record is about, as written: {@code Patient/x}, or within a
     * transaction possibly a placeholder ({@code urn:uuid:...}) for a resource of the same bundle.
     * A Patient names itself. Empty for a type that is not about a person.
     */
    public List<IIdType> personReferencesIn(IBaseResource resource) {
        String type = resource.fhirType();
        if ("Patient".equals(type)) {
            return resource.getIdElement().getIdPart() == null ? List.of() : List.of(resource.getIdElement());
        }
        RecordTypes.RecordType recordType = RecordTypes.of(type).orElse(null);
        if (recordType == null || recordType.kind() != RecordTypes.Kind.ABOUT_A_PERSON) {
            return List.of();
        }
        Map<String, IIdType> people = new LinkedHashMap<>();
        for (String element : recordType.personElements()) {
            for (IBaseReference reference : referencesAt(resource, element)) {
                IIdType id = reference.getReferenceElement();
                if (id.getValue() == null) {
                    continue;
                }
                if (id.getValue().startsWith("urn:")) {
                    people.putIfAbsent(id.getValue(), id);
                } else if ("Patient".equals(id.getResourceType()) && id.getIdPart() != null) {
                    people.putIfAbsent("Patient/" + id.getIdPart(), id);
                }
            }
        }
        return List.copyOf(people.values());
    }

    /**
     * The references at a terser path, or in the extensions a path of the form
     * {@code Type.extension('url').value} names (which the terser does not read).
     */
    private List<IBaseReference> referencesAt(IBaseResource resource, String element) {
        Matcher extension = EXTENSION_VALUE.matcher(element);
        if (!extension.matches()) {
            return terser.getValues(resource, element, IBaseReference.class);
        }
        if (!(resource instanceof IBaseHasExtensions withExtensions)) {
            return List.of();
        }
        List<IBaseReference> found = new ArrayList<>();
        for (IBaseExtension<?, ?> each : withExtensions.getExtension()) {
            if (extension.group(1).equals(each.getUrl()) && each.getValue() instanceof IBaseReference reference) {
                found.add(reference);
            }
        }
        return found;
    }

    /** The ids of the stored people a record names (placeholders left out), in order. */
    public List<String> personIdsIn(IBaseResource resource) {
        List<String> ids = new ArrayList<>();
        for (IIdType reference : personReferencesIn(resource)) {
            if (!reference.getValue().startsWith("urn:")) {
                ids.add(reference.getIdPart());
            }
        }
        return ids;
    }

    /** {@code Type/id} of everyone the record's author elements name. */
    public Set<String> authorsIn(IBaseResource resource) {
        return referencesIn(
                resource,
                RecordTypes.of(resource.fhirType())
                        .map(RecordTypes.RecordType::authorElements)
                        .orElse(List.of()));
    }

    /** The references that may say whose data a record is, in the order to look at them. */
    public List<IIdType> custodianCandidatesIn(IBaseResource resource) {
        List<IIdType> candidates = new ArrayList<>();
        for (String element : RecordTypes.of(resource.fhirType())
                .map(RecordTypes.RecordType::custodianElements)
                .orElse(List.of())) {
            for (IBaseReference reference : referencesAt(resource, element)) {
                candidates.add(reference.getReferenceElement());
            }
        }
        return candidates;
    }

    private Set<String> referencesIn(IBaseResource resource, List<String> elements) {
        Set<String> references = new LinkedHashSet<>();
        for (String element : elements) {
            for (IBaseReference reference : referencesAt(resource, element)) {
                IIdType id = reference.getReferenceElement();
                if (id.getResourceType() != null && id.getIdPart() != null) {
                    references.add(id.getResourceType() + "/" + id.getIdPart());
                }
            }
        }
        return references;
    }
}

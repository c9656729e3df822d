package care.neighbourhood.portal.fhir;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources a search returned, found by relative reference ({@code Patient/123}) whatever base
 * URL or version the server put in their ids.
 */
final class ResourceIndex {

    private final Map<String, Resource> byReference = new LinkedHashMap<>();

    ResourceIndex(Collection<? extends Resource> resources) {
        for (Resource resource : resources) {
            if (resource.getIdElement().hasIdPart()) {
                byReference.putIfAbsent(referenceTo(resource), resource);
            }
        }
    }

    /** {@code Type/id} of a resource. */
    static String referenceTo(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /**
     * {@code Type/id} that a reference points to, or {@code null} for a reference without a typed
     * literal reference (contained, logical or empty).
     */
    static String referenceOf(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        IIdType id = reference.getReferenceElement();
        if (id.isLocal() || !id.hasResourceType() || !id.hasIdPart()) {
            return null;
        }
        return id.getResourceType() + "/" + id.getIdPart();
    }

    /** The id part of {@code Type/id}. */
    static String idPart(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }

    <T extends Resource> Optional<T> find(String reference, Class<T> type) {
        return Optional.ofNullable(reference)
                .map(byReference::get)
                .filter(type::isInstance)
                .map(type::cast);
    }

    <T extends Resource> List<T> all(Class<T> type) {
        return byReference.values().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}

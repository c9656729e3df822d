package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Text the database cannot store: the NUL character (PostgreSQL refuses it in text), and half of a
 * UTF-16 surrogate pair, which no encoding can write. Found in what a client sends, so it is refused
 * with the element named rather than failing deep inside the write.
 */
final class UnstorableText {

    private UnstorableText() {}

    static boolean isUnstorable(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || Character.isLowSurrogate(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** Where in the resource (or in which entry of a bundle) the first such text is, e.g. {@code Observation.note.text}. */
    static Optional<String> firstIn(FhirContext fhirContext, IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
            for (int i = 0; i < entries.size(); i++) {
                IBaseResource entry = entries.get(i).getResource();
                if (entry != null) {
                    Optional<String> found = firstIn(fhirContext, entry);
                    if (found.isPresent()) {
                        return Optional.of(found.get() + " (entry " + (i + 1) + " of the bundle)");
                    }
                }
            }
        }
        FhirTerser terser = fhirContext.newTerser();
        Finder finder = new Finder(resource.fhirType());
        terser.visit(resource, finder);
        return Optional.ofNullable(finder.found);
    }

    private static final class Finder implements IModelVisitor2 {
        private final String type;
        private String found;

        Finder(String type) {
            this.type = type;
        }

        @Override
        public boolean acceptElement(
                IBase element,
                List<IBase> containingPath,
                List<BaseRuntimeChildDefinition> childPath,
                List<BaseRuntimeElementDefinition<?>> elementPath) {
            if (found != null || element instanceof IBaseBundle) {
                return found == null;
            }
            if (element instanceof IPrimitiveType<?> primitive && isUnstorable(primitive.getValueAsString())) {
                found = childPath.isEmpty()
                        ? type
                        : type + "."
                                + childPath.stream()
                                        .map(BaseRuntimeChildDefinition::getElementName)
                                        .collect(Collectors.joining("."));
                return false;
            }
            return true;
        }
    }
}

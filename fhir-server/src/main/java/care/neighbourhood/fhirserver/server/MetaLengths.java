package care.neighbourhood.fhirserver.server;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Tags, security labels and profiles are stored in columns of their own, each part at most
 * {@value #LONGEST} characters: a longer one is named rather than failing in the database.
 */
final class MetaLengths {

    static final int LONGEST = 200;

    private MetaLengths() {}

    static Optional<String> firstTooLongIn(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                IBaseResource entry = bundle.getEntry().get(i).getResource();
                Optional<String> found = entry == null ? Optional.empty() : firstTooLongIn(entry);
                if (found.isPresent()) {
                    return Optional.of(found.get() + " (entry " + (i + 1) + " of the bundle)");
                }
            }
        }
        String type = resource.fhirType();
        Optional<String> found =
                inCodings(type + ".meta.security", resource.getMeta().getSecurity());
        if (found.isEmpty()) {
            found = inCodings(type + ".meta.tag", resource.getMeta().getTag());
        }
        if (found.isEmpty()) {
            List<? extends IPrimitiveType<String>> profiles = resource.getMeta().getProfile();
            for (int i = 0; i < profiles.size() && found.isEmpty(); i++) {
                if (tooLong(profiles.get(i).getValue())) {
                    found = Optional.of(type + ".meta.profile[" + i + "]");
                }
            }
        }
        return found;
    }

    private static Optional<String> inCodings(String element, List<? extends IBaseCoding> codings) {
        for (int i = 0; i < codings.size(); i++) {
            IBaseCoding coding = codings.get(i);
            String at = element + "[" + i + "].";
            if (tooLong(coding.getSystem())) {
                return Optional.of(at + "system");
            }
            if (tooLong(coding.getCode())) {
                return Optional.of(at + "code");
            }
            if (tooLong(coding.getDisplay())) {
                return Optional.of(at + "display");
            }
        }
        return Optional.empty();
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > LONGEST;
    }
}

package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.Collection;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Bulk export ({@code $export}): who may ask for one, what it may hold, and who may fetch its files.
 * An export is asked for by an external system (within the SMART scopes of its token) or an
 * information-governance officer; it holds, resource by resource, only what the requester could read
 * through the API at the time the export runs; its job and its files belong to the requester alone.
 */
public final class ExportPolicy {

    /** Marks an export file ({@code Binary.securityContext.identifier}) with the requester it belongs to. */
    public static final String FILE_OWNER_SYSTEM = "https://neighbourhood.example/fhir/sid/export-requester";

    /** The format of every export file. */
    public static final String NDJSON = "application/fhir+ndjson";

    private ExportPolicy() {}

    /** Why the caller may not ask for an export (or follow one); empty if they may. */
    public static Optional<String> refusalToExport(Caller caller) {
        if (caller.isSystem() && caller.clientId() != null) {
            return SmartScopes.narrowsAccess(caller.scopes())
                    ? Optional.empty()
                    : Optional.of("a system's token must carry the SMART scopes of what it exports");
        }
        if (caller.hasRole("ig-officer")) {
            return Optional.empty();
        }
        return Optional.of("bulk export is for external systems and information-governance officers;"
                + " members of staff read records through the workspace");
    }

    /** Why the caller may not ask for these types (the export's {@code _type}); empty if they may. */
    public static Optional<String> refusalOfTypes(Caller caller, Collection<String> types) {
        for (String type : types) {
            if (!mayHoldType(type)) {
                return Optional.of(
                        type + " is not exported: an export holds records about people and the" + " directory");
            }
            if (!SmartScopes.permits(caller.scopes(), type, SmartScopes.Access.READ)) {
                return Optional.of("the token's scopes do not allow reading " + type);
            }
        }
        return Optional.empty();
    }

    /** Whether records of this type may be in an export at all (before asking who may read each). */
    public static boolean mayHoldType(String type) {
        return RecordTypes.isAboutAPerson(type) || RecordTypes.isDirectory(type);
    }

    /**
     * Whether a record may go into an export asked for by the context's caller: a record about people
     * or of the directory that the caller could read through the API now.
     */
    public static boolean mayExport(AccessPolicy policy, AccessContext context, IBaseResource resource) {
        return mayHoldType(resource.fhirType())
                && policy.disclose(context, resource).isShown();
    }

    /** The requester an export file is marked with. */
    public static Identifier fileOwnerOf(Caller caller) {
        return new Identifier().setSystem(FILE_OWNER_SYSTEM).setValue(caller.subject());
    }

    /** Whether the caller asked for the export this file came from. */
    static boolean mayReadFile(Caller caller, IBaseResource file) {
        if (!(file instanceof Binary binary) || !binary.hasSecurityContext()) {
            return false;
        }
        Identifier owner = binary.getSecurityContext().getIdentifier();
        return FILE_OWNER_SYSTEM.equals(owner.getSystem())
                && caller.subject() != null
                && caller.subject().equals(owner.getValue());
    }

    /** Whether a stored Binary is an export file (rather than any other Binary). */
    public static boolean isExportFile(IBaseResource resource) {
        return resource instanceof Binary binary
                && binary.hasSecurityContext()
                && FILE_OWNER_SYSTEM.equals(
                        binary.getSecurityContext().getIdentifier().getSystem());
    }
}

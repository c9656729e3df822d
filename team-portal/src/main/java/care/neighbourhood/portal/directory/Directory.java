package care.neighbourhood.portal.directory;

import java.util.List;

/**
 * Who works where in the neighbourhood: its organisations and the staff in roles at each.
 *
 * @param organisations by name
 */
public record Directory(List<Organisation> organisations) {

    public Directory {
        organisations = List.copyOf(organisations);
    }

    /**
     * @param code the organisation code (also its FHIR id)
     * @param name e.g. {@code Riverside Medical Practice}
     * @param sector e.g. {@code health}, or {@code null}
     * @param staff by name
     */
    public record Organisation(String code, String name, String sector, List<StaffMember> staff) {

        public Organisation {
            staff = List.copyOf(staff);
        }
    }

    /**
     * @param name e.g. {@code Nina Patel}
     * @param role e.g. {@code Community nurse}, or {@code null}
     * @param active whether the role is current
     */
    public record StaffMember(String name, String role, boolean active) {}
}

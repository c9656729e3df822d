package care.neighbourhood.portal.audit;

/**
 * The data-sharing agreement the shared record enforces, as the server publishes it.
 *
 * @param id e.g. {@code northbank-neighbourhood}
 * @param version the agreement's version, as text
 * @param title its title
 * @param effective the date it took effect, as written
 * @param document the agreement itself (YAML), as agreed
 */
public record SharingAgreement(String id, String version, String title, String effective, String document) {

    public SharingAgreement {
        id = id == null ? "" : id;
        version = version == null ? "" : version;
        title = title == null ? "" : title;
        effective = effective == null ? "" : effective;
        document = document == null ? "" : document;
    }
}

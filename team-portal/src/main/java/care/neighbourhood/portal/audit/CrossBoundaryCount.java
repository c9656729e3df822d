package care.neighbourhood.portal.audit;

/**
 * How often one organisation accessed another organisation's records, across a sector boundary, in one
 * period.
 *
 * @param periodStart the first day of the period, as the server gave it (e.g. {@code 2026-11-01})
 * @param accessingOrganisation name (or code) of the organisation whose staff or system accessed
 * @param accessingSector its sector
 * @param dataOrganisation name (or code) of the organisation whose records were accessed
 * @param dataSector its sector
 * @param count how many accesses
 */
public record CrossBoundaryCount(
        String periodStart,
        String accessingOrganisation,
        String accessingSector,
        String dataOrganisation,
        String dataSector,
        long count) {

    public CrossBoundaryCount {
        periodStart = periodStart == null ? "" : periodStart;
        accessingOrganisation = accessingOrganisation == null ? "" : accessingOrganisation;
        accessingSector = accessingSector == null ? "" : accessingSector;
        dataOrganisation = dataOrganisation == null ? "" : dataOrganisation;
        dataSector = dataSector == null ? "" : dataSector;
    }

    /** {@code Age Well Northbank → Riverside Medical Practice}. */
    public String organisationPair() {
        return accessingOrganisation + " → " + dataOrganisation;
    }

    /** {@code voluntary → health}. */
    public String sectors() {
        return accessingSector + " → " + dataSector;
    }
}

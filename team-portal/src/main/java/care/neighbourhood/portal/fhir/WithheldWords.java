package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.WithheldNotice;
import care.neighbourhood.portal.security.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is withheld from the user and why, in words. The server says how many records it withheld
 * from each search ({@code X-Withheld-Count}), not why; the portal searches one data class at a time
 * and reads the reason off the agreement: a class the agreement does not share with the user's
 * sector or role, else a restricted label (for users who do not see those), else the person's own
 * consent. It never looks at the withheld records.
 */
final class WithheldWords {

    private WithheldWords() {}

    /**
     * @param withheldByClass the count per data class name, in the agreement's order
     */
    static List<WithheldNotice> notices(Map<String, Integer> withheldByClass, CurrentUser user, AgreementTerms terms) {
        List<WithheldNotice> notices = new ArrayList<>();
        withheldByClass.forEach((className, count) -> {
            if (count > 0) {
                notices.add(notice(className, count, user, terms));
            }
        });
        return notices;
    }

    private static WithheldNotice notice(String className, int count, CurrentUser user, AgreementTerms terms) {
        var dataClass = terms.dataClasses().stream()
                .filter(c -> c.name().equals(className))
                .findFirst();
        String kind = className.replace('-', ' ') + " information";
        if (dataClass.isEmpty()) {
            return new WithheldNotice(
                    count,
                    "information",
                    "The data-sharing agreement, the person's consent or a restricted label keeps it from you.");
        }
        var rule = dataClass.get();
        if (!rule.readableBy(user.sector(), user.roles())) {
            String readers = Words.sectors(rule.readSectors()) + " staff"
                    + (rule.readRoles().isEmpty() ? "" : " who are " + Words.rolesPlural(rule.readRoles()));
            return new WithheldNotice(
                    count,
                    kind,
                    "Under the data-sharing agreement, " + kind + " is shared with " + readers + ". Others see it"
                            + " only when the person agrees to share it with them, and they have not agreed to"
                            + " share it with you.");
        }
        if (!terms.seesRestricted(user.roles())) {
            return new WithheldNotice(
                    count,
                    kind,
                    "Records labelled restricted, such as mental health information, are shown only to "
                            + Words.rolesPlural(terms.restrictedRoles()) + ". A record is also kept from you"
                            + " when the person has chosen not to share it with you.");
        }
        return new WithheldNotice(count, kind, "The person has chosen not to share it with you.");
    }
}

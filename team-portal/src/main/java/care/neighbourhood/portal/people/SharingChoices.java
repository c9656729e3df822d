package care.neighbourhood.portal.people;

import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.security.CurrentUser;
import java.util.List;

/**
 * A person's sharing choices: what the data-sharing agreement shares by default, and the decisions
 * the person has made about their own record (Consents), each made by the person and withdrawn by
 * them. Every change answers with its effect, in a sentence for the person.
 */
public interface SharingChoices {

    SharingPage pageOf(CurrentUser user, String personId);

    /** Stops sharing the whole record with an organisation ({@code Organization/<code>}). */
    String stopSharingWith(CurrentUser user, String personId, String organisation);

    /** Lets an organisation see a kind of information (a data class) the agreement alone would not. */
    String letSee(CurrentUser user, String personId, String organisation, String dataClass);

    /** Lets a carer ({@code RelatedPerson/<id>}) see the plan, and with {@code mayWrite} help write it. */
    String letCarerSee(CurrentUser user, String personId, String carer, boolean mayWrite);

    /** Withdraws one of the person's decisions; {@code seenVersion} is the version the person saw. */
    String withdraw(CurrentUser user, String personId, String decisionId, String seenVersion);

    /**
     * @param byDefault what the agreement shares, one sentence per kind of information
     * @param decisions the person's decisions in force, newest first
     * @param organisations the neighbourhood's organisations ({@code Organization/<code>})
     * @param dataClasses kinds of information a person may let an organisation see
     * @param carers the person's carers ({@code RelatedPerson/<id>})
     */
    record SharingPage(
            String personName,
            List<String> byDefault,
            List<Decision> decisions,
            List<Choice> organisations,
            List<Choice> dataClasses,
            List<Choice> carers) {

        public SharingPage {
            byDefault = List.copyOf(byDefault);
            decisions = List.copyOf(decisions);
            organisations = List.copyOf(organisations);
            dataClasses = List.copyOf(dataClasses);
            carers = List.copyOf(carers);
        }
    }

    /** One decision in force, in words, e.g. "You have chosen not to share your record with Age Well Northbank". */
    record Decision(String id, String version, String words, String made) {}
}

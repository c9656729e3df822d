package care.neighbourhood.portal.system;

import java.util.List;

/**
 * What {@code system/error.html} shows: a title, plain-language paragraphs, one way forward and,
 * for failures worth reporting, a reference that is also in the log.
 */
public record ErrorPage(
        int status, String title, List<String> paragraphs, String actionHref, String actionText, String reference) {

    public ErrorPage {
        paragraphs = List.copyOf(paragraphs);
    }
}

package care.neighbourhood.portal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvTests {

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("", ""),
                Arguments.of(null, ""),
                Arguments.of("Ellis, Margaret", "\"Ellis, Margaret\""),
                Arguments.of("the \"urgent\" one", "\"the \"\"urgent\"\" one\""),
                Arguments.of("two\nlines", "\"two\nlines\""),
                Arguments.of("carriage\rreturn", "\"carriage\rreturn\""),
                // A spreadsheet would run these as formulas: a single quote makes them text.
                Arguments.of("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""),
                Arguments.of("+44 1632 960000", "'+44 1632 960000"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(A1:A9)", "'@SUM(A1:A9)"),
                Arguments.of("\tcmd", "'\tcmd"),
                Arguments.of("=1,2", "\"'=1,2\""),
                // Only the first character counts.
                Arguments.of("a=b", "a=b"),
                Arguments.of("Patient?identifier=x|1", "Patient?identifier=x|1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("fields")
    void quotesAndDefusesFields(String value, String written) {
        assertThat(Csv.field(value)).isEqualTo(written);
    }

    @Test
    void rowsAreCommaSeparatedAndEndWithCrLf() {
        String csv = new Csv()
                .row("When", "Who")
                .row(Arrays.asList("2026-11-03", null))
                .row("a,b", "=c")
                .toString();

        assertThat(csv).isEqualTo("When,Who\r\n2026-11-03,\r\n\"a,b\",'=c\r\n");
    }
}

package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A response written through the buffered writer arrives whole, in few writes, and a reset drops it. */
class BufferedResponsesTest {

    @Test
    void everythingWrittenArrivesAtTheEndWhateverTheFlushesBetween() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicInteger seenBeforeTheEnd = new AtomicInteger(-1);
        new BufferedResponses().doFilter(new MockHttpServletRequest(), response, (req, res) -> {
            PrintWriter writer = res.getWriter();
            for (int i = 0; i < 10_000; i++) {
                writer.write("value-" + i + ";");
                writer.flush();
            }
            seenBeforeTheEnd.set(response.getContentAsString().length());
        });
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            expected.append("value-").append(i).append(';');
        }
        assertThat(response.getContentAsString()).isEqualTo(expected.toString());
        assertThat(seenBeforeTheEnd.get())
                .as("before the end, only full buffers were sent, not each flush")
                .isLessThan(expected.length());
        assertThat(seenBeforeTheEnd.get() % (32 * 1024)).isZero();
    }

    @Test
    void aResetDropsWhatWasBufferedForTheAbandonedResponse() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new BufferedResponses().doFilter(new MockHttpServletRequest(), response, (req, res) -> {
            res.getWriter().write("half a bundle");
            ((HttpServletResponse) res).resetBuffer();
            res.getWriter().write("{\"resourceType\":\"OperationOutcome\"}");
        });
        assertThat(response.getContentAsString()).isEqualTo("{\"resourceType\":\"OperationOutcome\"}");
    }

    @Test
    void aWriterClosedByTheServerIsNotFlushedAgainAtTheEnd() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        PrintWriter[] given = new PrintWriter[1];
        new BufferedResponses().doFilter(new MockHttpServletRequest(), response, (req, res) -> {
            given[0] = res.getWriter();
            given[0].write("{\"resourceType\":\"Patient\"}");
            given[0].close();
        });
        assertThat(response.getContentAsString()).isEqualTo("{\"resourceType\":\"Patient\"}");
        assertThat(given[0].checkError())
                .as("no flush of the closed writer (each one makes and swallows an IOException)")
                .isFalse();
    }
}

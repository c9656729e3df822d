package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what the FHIR endpoint reads of a request body to {@code workspace.fhir.max-request-size}.
 * A larger body (declared in {@code Content-Length}, or found while reading a chunked one) is refused
 * with 413 as the FHIR server reads it, so that the refusal is an OperationOutcome and is audited like
 * any other; the server never holds more than the limit in memory.
 */
class RequestSizeLimit extends OncePerRequestFilter {

    private final long limit;

    RequestSizeLimit(DataSize limit) {
        this.limit = limit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Bounded(request), response);
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("The request is larger than this server accepts ("
                + DataSize.ofBytes(limit).toMegabytes() + " MB). Send large documents in parts, or as a"
                + " smaller transaction.");
    }

    private final class Bounded extends HttpServletRequestWrapper {
        private ServletInputStream bounded;

        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > limit) {
                throw tooLarge();
            }
            if (bounded == null) {
                bounded = new BoundedStream(super.getInputStream());
            }
            return bounded;
        }
    }

    private final class BoundedStream extends ServletInputStream {
        private final ServletInputStream body;
        private long read;

        BoundedStream(ServletInputStream body) {
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}

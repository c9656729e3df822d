package care.neighbourhood.fhirserver.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends each FHIR response in as few network writes as it takes. HAPI's JSON encoder flushes its
 * writer after every value it writes, and each flush of the servlet's writer sends what is buffered
 * as a chunk of its own: a Patient went out in dozens of small writes, a search page in hundreds.
 * The writer given to HAPI keeps what it writes until its buffer fills or the response ends; a
 * flush in between only asks for what the end does anyway.
 */
class BufferedResponses extends OncePerRequestFilter {

    private static final int BUFFER = 32 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Buffered buffered = new Buffered(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            buffered.finish();
        }
    }

    private static final class Buffered extends HttpServletResponseWrapper {
        private Writer writer;

        Buffered(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new Writer(super.getWriter());
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.send();
            }
            super.flushBuffer();
        }

        @Override
        public void resetBuffer() {
            if (writer != null) {
                writer.discard();
            }
            super.resetBuffer();
        }

        @Override
        public void reset() {
            if (writer != null) {
                writer.discard();
            }
            super.reset();
        }

        void finish() {
            if (writer != null) {
                writer.send();
            }
        }
    }

    /**
     * A writer whose flush waits for the end of the response; {@link #send} flushes for real. Once
     * closed (HAPI closes it when the resource is written) there is nothing more to send: a flush of a
     * closed PrintWriter would make and swallow an exception, stack trace and all, on every request.
     */
    private static final class Writer extends PrintWriter {
        private final java.io.Writer servletWriter;
        private boolean closed;

        Writer(java.io.Writer servletWriter) {
            super(new BufferedWriter(servletWriter, BUFFER), false);
            this.servletWriter = servletWriter;
        }

        @Override
        public void flush() {
            // deferred to the end of the response (or a full buffer)
        }

        void send() {
            synchronized (lock) {
                if (!closed) {
                    super.flush();
                }
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                super.close();
                closed = true;
            }
        }

        /** Drops what is buffered: it belonged to a response being reset, and must not be sent. */
        void discard() {
            synchronized (lock) {
                out = new BufferedWriter(servletWriter, BUFFER);
            }
        }
    }
}

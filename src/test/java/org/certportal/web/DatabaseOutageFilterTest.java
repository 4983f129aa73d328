package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The race PostgresRestartIT met once, made deterministic: a page whose session is written by Spring
 * Session after the page has been rendered, and whose write fails because the database has just gone.
 * Spring Session counts characters against the response's buffer size, the container commits on
 * bytes: a page of 3,000 two-byte characters is under the first and over the second, so the
 * container sent it (status 200, half the page) before the session write failed.
 */
class DatabaseOutageFilterTest {

    /** A session store whose database goes away between reading the session and writing it back. */
    static class DatabaseGoneOnSave extends MapSessionRepository {
        final AtomicBoolean away = new AtomicBoolean(true);
        final java.util.Map<String, org.springframework.session.Session> stored;

        DatabaseGoneOnSave() {
            this(new java.util.concurrent.ConcurrentHashMap<>());
        }

        private DatabaseGoneOnSave(java.util.Map<String, org.springframework.session.Session> stored) {
            super(stored);
            this.stored = stored;
        }

        @Override
        public void save(MapSession session) {
            if (away.get()) {
                throw new DataAccessResourceFailureException("Failed to obtain JDBC Connection",
                        new java.sql.SQLException("Connection to localhost:5432 refused", "08001"));
            }
            super.save(session);
        }
    }

    /** A page that starts a session (as the sign-in form's CSRF token does) and writes 6,000 bytes in one write, as Thymeleaf does. */
    static class Page extends HttpServlet {
        static final String BODY = "<p>" + "é".repeat(3000) + "</p>";

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession(true).setAttribute("csrf", "token");
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(BODY);
        }
    }

    private MockHttpServletResponse run(DatabaseGoneOnSave sessions) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setBufferSize(4096);
        new MockFilterChain(new Page(), new DatabaseOutageFilter(), new SessionRepositoryFilter<>(sessions)).doFilter(request, response);
        return response;
    }

    @Test
    void aSessionThatCannotBeWrittenAfterThePageRenderedGivesTheWhole503PageNotAHalfSent200() throws Exception {
        MockHttpServletResponse response = run(new DatabaseGoneOnSave());

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getForwardedUrl()).isEqualTo("/error");
        assertThat(response.getContentAsByteArray()).as("nothing of the failed page reached the browser").isEmpty();
    }

    @Test
    void withTheDatabaseUpThePageGoesOutWholeAfterTheSessionWasWritten() throws Exception {
        DatabaseGoneOnSave sessions = new DatabaseGoneOnSave();
        sessions.away.set(false);
        MockHttpServletResponse response = run(sessions);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(Page.BODY);
        assertThat(sessions.stored).as("the session was written").hasSize(1);
    }
}

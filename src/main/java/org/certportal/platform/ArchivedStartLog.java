package org.certportal.platform;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One line in the start's log about the class data archive, so an operator who sees a slow start (or a
 * fast one) can tell why: {@link ArchivedStart} runs before logging exists.
 */
@Component
class ArchivedStartLog {

    private static final Logger log = LoggerFactory.getLogger(ArchivedStartLog.class);

    /** While the context starts: before the web server answers, so the line comes before any request's. */
    @PostConstruct
    void report() {
        if (Boolean.getBoolean(ArchiveTraining.PROPERTY)) {
            return; // the training start makes the archive: that it uses none is no news
        }
        ArchivedStart.startedFrom().ifPresentOrElse(
                jar -> log.info("Started from the class data archive made by the build beside {} (set CERTPORTAL_ARCHIVED_START=false to start without it)", jar),
                () -> ArchivedStart.unusedArchiveReason().ifPresent(reason -> log.info(
                        "The class data archive beside the jar was not used ({}); the start is slower without it. "
                                + "scripts/class-data-archive.sh JAR [JAVA] makes one for this jar, in its place, with this JVM", reason)));
    }
}

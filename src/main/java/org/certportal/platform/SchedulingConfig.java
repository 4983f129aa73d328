package org.certportal.platform;

import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's scheduler runs the background workers ({@link PollingTask}) and the hourly cleanups.
 * Its size is {@code spring.task.scheduling.pool.size} in application.properties.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

    /**
     * Graceful shutdown: once the context closes no new pass starts (a pass already due would
     * otherwise still run, since the executor keeps delayed tasks after shutdown by default), and
     * the pass under way finishes during the scheduler's lifecycle stop, which comes before the web
     * server's and the database's. What a pass leaves unfinished anyway is held by a lease and
     * taken over by another node or by the next start.
     */
    @Bean
    ThreadPoolTaskSchedulerCustomizer noPassAfterClose() {
        return scheduler -> scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }
}

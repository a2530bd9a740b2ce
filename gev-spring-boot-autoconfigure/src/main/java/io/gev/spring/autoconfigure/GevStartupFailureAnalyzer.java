package io.gev.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link GevStartupException} as Spring Boot's "APPLICATION FAILED TO START": what is wrong, what to do. */
final class GevStartupFailureAnalyzer extends AbstractFailureAnalyzer<GevStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GevStartupException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}

package dev.mailgate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that runs mailgate on PostgreSQL. Decided before the application boots: without a server the class is
 * skipped with a loud notice, or, under MAILGATE_TEST_STRICT, left to fail in {@link PostgresResource}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OnPostgres.Condition.class)
public @interface OnPostgres {

    class Condition implements ExecutionCondition {
        private static volatile Boolean available;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available == null) {
                available = Postgres.available();
            }
            String strict = System.getenv(Prerequisite.STRICT);
            if (available || "true".equalsIgnoreCase(strict) || "1".equals(strict)) {
                return ConditionEvaluationResult.enabled("PostgreSQL at " + Postgres.HOST);
            }
            String message = "SKIPPED: " + context.getDisplayName() + " needs a PostgreSQL server at " + Postgres.HOST
                    + ", and none answers. " + Postgres.HOW;
            String bar = "!".repeat(100);
            System.err.println("\n" + bar + "\n!! " + message + "\n" + bar + "\n");
            return ConditionEvaluationResult.disabled(message);
        }
    }
}

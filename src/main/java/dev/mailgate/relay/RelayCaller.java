package dev.mailgate.relay;

import java.util.function.Predicate;

import dev.mailgate.address.MailboxAddress;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Who submits: an API key (logged in with AUTH), the trusted-network pseudo-caller, or nobody in particular where
 * keys are off. {@code name} is what the message is stored and reported under; null for nobody.
 */
record RelayCaller(String name, Predicate<MailboxAddress> maySendAs, Guard rateLimit) {
}

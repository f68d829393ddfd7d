package dev.mailgate.template;

import java.util.function.BiFunction;
import java.util.function.Function;

import io.quarkus.qute.TemplateInstance;

/**
 * One template: its name in the API, the record its data binds to, the checked template and the subject message.
 * {@code withLogo} attaches the shipped logo as the inline part {@code cid:mailgate-logo}.
 */
public record TemplateSpec<T extends Record>(
        String name,
        String description,
        Class<T> dataType,
        Function<T, TemplateInstance> template,
        BiFunction<MailMessages, T, String> subject,
        boolean withLogo) {

    TemplateInstance instance(Object data) {
        return template.apply(dataType.cast(data));
    }

    String subject(MailMessages messages, Object data) {
        return subject.apply(messages, dataType.cast(data));
    }
}

package dev.mailgate.template;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;

/**
 * Date-times in mail as the caller gave them: in their own offset (an alert at 08:00 in Beijing says 08:00, not
 * 00:00Z), with seconds, and in the reader's conventions. {@code {data.occurredAt.display}} in a template.
 */
@TemplateExtension
public final class TimeDisplay {

    private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.SIMPLIFIED_CHINESE);
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH);

    private TimeDisplay() {
    }

    /** "2026-11-26 08:00:00 (UTC+08:00)", or in English "26 Nov 2026, 08:00:00 (UTC+08:00)". */
    static String display(OffsetDateTime time, @TemplateExtension.TemplateAttribute(TemplateInstance.LOCALE) Object locale) {
        return format(time, locale instanceof Locale l ? l : Locale.forLanguageTag(String.valueOf(locale)));
    }

    public static String format(OffsetDateTime time, Locale locale) {
        DateTimeFormatter f = "en".equals(locale.getLanguage()) ? EN : ZH;
        ZoneOffset offset = time.getOffset();
        return f.format(time) + " (UTC" + (offset.equals(ZoneOffset.UTC) ? "" : offset.getId()) + ")";
    }
}

package dev.mailgate.template;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The built-in templates, checked at build time: each method is backed by {@code templates/MailTemplates/<name>.html}
 * and {@code .txt}, and every expression in them must resolve against the typed data, or the build fails.
 */
@CheckedTemplate(basePath = "MailTemplates", requireTypeSafeExpressions = true)
public class MailTemplates {

    public static native TemplateInstance notification(NotificationData data);

    public static native TemplateInstance alert(AlertData data);

    public static native TemplateInstance verificationCode(VerificationCodeData data);

    public static native TemplateInstance logDigest(LogDigestData data);
}

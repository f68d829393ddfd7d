package dev.mailgate.template;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Subjects and the fixed words of the templates. Chinese is the default; English comes from
 * {@code messages/msg_en.properties}. Parameters are type-checked like template expressions.
 */
@MessageBundle(value = "msg", locale = "zh-CN")
public interface MailMessages {

    @Message("{data.title}")
    String notificationSubject(NotificationData data);

    @Message("[{data.severity}] {data.service}：{data.summary}")
    String alertSubject(AlertData data);

    @Message("{data.product} 验证码：{data.code}")
    String verificationCodeSubject(VerificationCodeData data);

    @Message("日志摘要：{data.period}（{data.entries.size} 条）")
    String logDigestSubject(LogDigestData data);

    @Message("严重程度")
    String severity();

    @Message("服务")
    String service();

    @Message("发生时间")
    String occurredAt();

    @Message("详情")
    String details();

    @Message("处理手册")
    String runbook();

    @Message("您的验证码是")
    String yourCode();

    @Message("{minutes} 分钟内有效。如非本人操作，请忽略此邮件。")
    String validFor(int minutes);

    @Message("时间")
    String time();

    @Message("级别")
    String level();

    @Message("内容")
    String content();

    @Message("此邮件由 mailgate 自动发送。")
    String footer();
}

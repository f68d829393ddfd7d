package dev.mailgate.api;

/** Request and response examples for the OpenAPI document and Swagger UI's "Try it out". */
final class ApiExamples {

    static final String PLAIN = """
            {"to": ["alice@example.com"], "subject": "构建报告 #42", "text": "The build passed."}""";

    static final String FULL = """
            {
              "from": "构建机器人 <bot@qq.com>",
              "to": ["李四 <li@example.com>"],
              "cc": ["ops@example.com"],
              "subject": "构建报告 #42",
              "text": "The build passed.",
              "html": "<p><img src=\\"cid:logo\\"> The build <b>passed</b>.</p>",
              "attachments": [{"filename": "报告.txt", "contentType": "text/plain", "content": "5oql5ZGKCg=="}],
              "inline": [{"contentId": "logo", "filename": "logo.png", "contentType": "image/png",
                          "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}],
              "headers": {"X-Request-Id": "build-42"}
            }""";

    static final String SENT = """
            {"id": "0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10",
             "messageId": "<0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10@qq.com>",
             "status": "sent", "accepted": ["alice@example.com"], "attempts": 1, "durationMs": 412,
             "account": "primary"}""";

    static final String ACCEPTED = """
            {"id": "0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10",
             "messageId": "<0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10@qq.com>", "status": "queued"}""";

    static final String BOUNCED = """
            {"id": "5f0c9a3e-2b7d-4c1a-9e8f-0a1b2c3d4e5f",
             "messageId": "<5f0c9a3e-2b7d-4c1a-9e8f-0a1b2c3d4e5f@qq.com>", "status": "sent",
             "createdAt": "2026-12-06T08:00:00.120Z", "updatedAt": "2026-12-06T08:00:01.480Z",
             "sender": "alerts@qq.com", "account": "primary",
             "recipients": [{"address": "alice@example.com", "status": "sent", "at": "2026-12-06T08:00:01.480Z"},
                            {"address": "bob@example.com", "status": "bounced", "at": "2026-12-06T08:04:12.020Z",
                             "bounceType": "hard", "smtpStatus": "5.1.1",
                             "diagnostic": "smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"}],
             "events": [{"type": "message.sent", "at": "2026-12-06T08:00:01.480Z"},
                        {"type": "message.bounced", "at": "2026-12-06T08:04:12.020Z",
                         "data": {"address": "bob@example.com", "bounceType": "hard", "smtpStatus": "5.1.1"}}]}""";

    static final String STATUS = """
            {"id": "0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10",
             "messageId": "<0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10@qq.com>", "status": "retrying",
             "createdAt": "2026-11-26T08:00:00.120Z", "sendAt": null, "updatedAt": "2026-11-26T08:00:01.480Z",
             "sender": "alerts@163.com", "account": "backup",
             "recipients": [{"address": "alice@example.com", "status": "retrying"}],
             "attempts": [{"at": "2026-11-26T08:00:01.260Z", "outcome": "auth_failed", "smtpCode": 535,
                           "smtpReply": "535 Login fail. Authorization code is expired", "durationMs": 0,
                           "account": "primary"},
                          {"at": "2026-11-26T08:00:01.480Z", "outcome": "rate_limited", "smtpCode": 550,
                           "smtpReply": "550 Connection frequency limited", "durationMs": 212,
                           "account": "backup"}],
             "nextAttemptAt": "2026-11-26T08:00:06.600Z",
             "error": {"outcome": "rate_limited", "message": "The SMTP server replied 550 Connection frequency limited",
                       "smtpCode": 550, "smtpReply": "550 Connection frequency limited"},
             "events": [{"type": "message.queued", "at": "2026-11-26T08:00:00.120Z"},
                        {"type": "message.retrying", "at": "2026-11-26T08:00:01.480Z"}],
             "webhooks": [{"endpoint": "crm", "event": "message.queued", "status": "delivered", "attempts": 1,
                           "lastAttemptAt": "2026-11-26T08:00:00.310Z", "lastStatus": 200},
                          {"endpoint": "crm", "event": "message.retrying", "status": "pending", "attempts": 1,
                           "lastAttemptAt": "2026-11-26T08:00:01.600Z", "lastStatus": 503,
                           "lastError": "the endpoint answered 503", "nextAttemptAt": "2026-11-26T08:00:06.600Z"}]}""";

    static final String INVALID = """
            {"type": "urn:mailgate:problem:validation", "title": "Invalid request", "status": 400,
             "detail": "The request has 1 invalid field(s).",
             "errors": [{"field": "to[0]", "message": "is not an address of the form local@domain"}]}""";

    static final String AUTH_FAILED = """
            {"type": "urn:mailgate:problem:auth-failed", "title": "SMTP authentication failed", "status": 502,
             "detail": "The SMTP server replied 535 Login Fail. Please enter your authorization code to login.",
             "outcome": "auth_failed", "smtpCode": 535,
             "smtpReply": "535 Login Fail. Please enter your authorization code to login.",
             "hint": "QQ Mail and 163 need the authorization code (授权码) from the mailbox settings, not the account password."}""";

    static final String REJECTED = """
            {"type": "urn:mailgate:problem:permanent-recipient", "title": "Recipient rejected", "status": 422,
             "detail": "The SMTP server replied 550 Mailbox not found", "outcome": "permanent_recipient",
             "smtpCode": 550, "smtpReply": "550 Mailbox not found", "hint": "Do not retry unchanged."}""";

    static final String TIMEOUT = """
            {"type": "urn:mailgate:problem:timeout", "title": "SMTP server timed out", "status": 504,
             "detail": "The SMTP server did not complete the transaction within 15000 ms.", "outcome": "timeout",
             "hint": "The message may still have been delivered; check before resending."}""";

    static final String BATCH = """
            {"messages": [
              {"to": ["alice@example.com"], "subject": "Build #42 passed", "text": "All green."},
              {"to": ["bob@example.com"], "template": {"name": "alert", "locale": "en",
                "data": {"severity": "CRITICAL", "service": "payments", "summary": "Error rate above 5%",
                         "occurredAt": "2026-11-26T08:00:00+08:00"}}},
              {"to": ["carol@example.com"], "text": "Tomorrow's report", "sendAt": "2026-11-27T08:00:00+08:00"}
            ]}""";

    static final String BATCH_ACCEPTED = """
            {"data": [
              {"id": "0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10", "messageId": "<0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10@qq.com>", "status": "queued"},
              {"id": "5d2e8a71-0c3b-4f6e-8a19-7b4c2d9e1f03", "messageId": "<5d2e8a71-0c3b-4f6e-8a19-7b4c2d9e1f03@qq.com>", "status": "queued"},
              {"id": "9f1a3c5e-7b2d-4e8f-a6c4-1d3e5f7a9b2c", "messageId": "<9f1a3c5e-7b2d-4e8f-a6c4-1d3e5f7a9b2c@qq.com>", "status": "scheduled"}
            ]}""";

    static final String BATCH_INVALID = """
            {"type": "urn:mailgate:problem:validation", "title": "Invalid request", "status": 400,
             "detail": "The request has 1 invalid field(s).",
             "errors": [{"field": "messages[1].to[0]", "message": "is not an address of the form local@domain"}]}""";

    static final String IDEMPOTENCY_IN_FLIGHT = """
            {"type": "urn:mailgate:problem:idempotency-in-flight", "title": "Request in flight", "status": 409,
             "detail": "The first request with this Idempotency-Key is still being processed. Nothing more was sent.",
             "hint": "Retry after the Retry-After delay to get its outcome."}""";

    static final String IDEMPOTENCY_MISMATCH = """
            {"type": "urn:mailgate:problem:idempotency-mismatch", "title": "Idempotency-Key reused", "status": 422,
             "detail": "This Idempotency-Key was first used with a different request (another body, endpoint, Prefer or mode). Nothing was sent.",
             "hint": "Use a new key for a new request; retry a request only unchanged."}""";

    private ApiExamples() {
    }
}

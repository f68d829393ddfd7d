package dev.mailgate.api;

/** Examples of the suppression API for the OpenAPI document. */
final class SuppressionExamples {

    static final String ENTRY = """
            {"address": "bob@example.com", "reason": "hard_bounce",
             "messageId": "0b9c1f4e-6a43-4d1e-9c55-2f1f0e4d7a10",
             "diagnostic": "5.1.1 (550 Mailbox not found)",
             "createdAt": "2026-12-01T08:00:00Z", "updatedAt": "2026-12-01T08:00:00Z"}""";

    static final String MANUAL = """
            {"address": "carol@example.com", "reason": "manual", "note": "asked by phone on 2026-12-01",
             "createdAt": "2026-12-06T08:00:00Z", "updatedAt": "2026-12-06T08:00:00Z", "createdBy": "crm"}""";

    static final String PAGE = """
            {"suppressions": [
               {"address": "carol@example.com", "reason": "manual", "createdAt": "2026-12-06T08:00:00Z",
                "updatedAt": "2026-12-06T08:00:00Z", "createdBy": "crm"},
               {"address": "bob@example.com", "reason": "hard_bounce", "createdAt": "2026-12-01T08:00:00Z",
                "updatedAt": "2026-12-01T08:00:00Z"}],
             "nextCursor": "MTc2NDU3NjAwMDAwMDowOmJvYkBleGFtcGxlLmNvbQ"}""";

    static final String PUT = """
            {"reason": "manual", "note": "asked by phone on 2026-12-01", "expiresAt": "2027-06-01T00:00:00+08:00"}""";

    static final String INVALID = """
            {"type": "urn:mailgate:problem:validation", "title": "Invalid request", "status": 400,
             "detail": "The request has 1 invalid field(s).",
             "errors": [{"field": "address", "message": "is not an address of the form local@domain"}]}""";

    static final String IMPORT = """
            {"addresses": ["bob@example.com", "Carol@Example.com", "not-an-address"], "reason": "manual",
             "note": "from the old system"}""";

    static final String CSV = """
            address,reason,note
            bob@example.com,unsubscribe,"clicked the link, 2026-12-01"
            carol@example.com""";

    static final String IMPORTED = """
            {"created": 2, "updated": 0, "unchanged": 0,
             "invalid": [{"field": "addresses[2]", "value": "not-an-address",
                          "message": "is not an address of the form local@domain"}]}""";

    static final String SUPPRESSED = """
            {"type": "urn:mailgate:problem:recipient-suppressed", "title": "Recipient suppressed", "status": 422,
             "detail": "1 recipient(s) are on the suppression list: bob@example.com (hard_bounce since 2026-12-01T08:00:00Z). Nothing was sent or stored.",
             "hint": "Remove them, or send with \\"suppressed\\": \\"skip\\" to send to the others. An address that works again comes off the list with DELETE /api/v1/suppressions/{address}.",
             "suppressed": [{"address": "bob@example.com", "reason": "hard_bounce", "since": "2026-12-01T08:00:00Z"}]}""";

    private SuppressionExamples() {
    }
}

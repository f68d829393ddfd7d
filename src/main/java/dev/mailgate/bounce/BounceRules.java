package dev.mailgate.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a bounce is classified: one table, first match wins, each row with where its wording comes from. The enhanced
 * status code (RFC 3463) decides when nothing in the text is more specific. Block rows come first, because providers
 * answer a refused sender or IP with 5.x.x codes that would otherwise read as a dead address.
 */
public final class BounceRules {

    /** A row: the text it looks for (in the status, the diagnostic and the notice, lower case), its verdict, source. */
    public record Rule(Pattern pattern, BounceType type, String source) {
        static Rule of(String regex, BounceType type, String source) {
            return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), type, source);
        }
    }

    public static final List<Rule> RULES = List.of(
            // The sender, its IP, its reputation or the content: the address is fine.
            Rule.of("frequency limited|connection frequency|ip frequency", BounceType.BLOCK, "QQ (mx*.qq.com)"),
            Rule.of("dmarc|dkim[^\\n]{0,40}fail|spf[^\\n]{0,40}fail|sender policy framework", BounceType.BLOCK,
                    "QQ, Gmail, RFC 7489"),
            Rule.of("spam|\\bube\\b|bulk (e-?mail|mail) filter|content rejected|message content", BounceType.BLOCK,
                    "Barracuda, Gmail, Postfix header_checks"),
            Rule.of("reputation|blocked|blacklist|blocklist|listed (at|on|in)|\\brbl\\b|spamhaus", BounceType.BLOCK,
                    "Gmail (low reputation), Office365 (5.7.606-649), Spamhaus"),
            Rule.of("not (allowed|authorized|permitted) to send|relay(ing)? (access )?denied|sender .*(rejected|refused)"
                    + "|access denied.*(ip|sender)", BounceType.BLOCK, "Postfix, Exim, Office365 5.7.1"),
            Rule.of("mi:(spm|sfm|dmc)|rp:(cel|tri|bl)|dt:spm|发信.*(被)?拒|垃圾邮件", BounceType.BLOCK,
                    "163 / NetEase error codes (help.163.com)"),
            Rule.of("^5\\.7\\.\\d+", BounceType.BLOCK, "RFC 3463: 5.7.x security or policy status"),
            // Later, perhaps: the mailbox is full, the server greylists, or delivery is delayed.
            Rule.of("mailbox (is )?full|over ?quota|quota exceeded|insufficient (system )?storage|邮箱(已)?满|空间不足",
                    BounceType.SOFT, "Postfix, Exim, Gmail 4.2.2/5.2.2, QQ"),
            Rule.of("greylist|graylist|try again later|temporar(il)?y", BounceType.SOFT, "Postfix postgrey, Exim"),
            Rule.of("^5\\.2\\.2|^4\\.\\d+\\.\\d+", BounceType.SOFT, "RFC 3463: 5.2.2 mailbox full; 4.x.x persistent"
                    + " transient failure"),
            // The address, its mailbox or its domain does not exist (or is disabled).
            Rule.of("user ?unknown|unknown user|no such (user|mailbox|recipient)|does ?n[o']t exist|not exist"
                    + "|recip(ient)? ?not ?found|recipient (address )?rejected|invalid (recipient|mailbox|address)"
                    + "|mailbox (not found|unavailable)|address rejected|account (has been )?(disabled|deactivated)",
                    BounceType.HARD, "Postfix, Exim, Gmail 5.1.1, Office365 RESOLVER.ADR.RecipNotFound"),
            Rule.of("收件人.*不存在|用户不存在|地址不存在|邮箱不存在|无此用户|账户已(停用|冻结)", BounceType.HARD, "QQ, 163"),
            Rule.of("host (or domain name )?not found|domain (does not exist|not found)|no mx|nxdomain"
                    + "|name service error", BounceType.HARD, "Postfix (Host or domain name not found), Exim"),
            Rule.of("^5\\.1\\.\\d+|^5\\.2\\.1", BounceType.HARD, "RFC 3463: 5.1.x addressing, 5.2.1 mailbox disabled"),
            Rule.of("^5\\.\\d+\\.\\d+", BounceType.HARD, "RFC 3463: any other permanent failure of a recipient"));

    private BounceRules() {
    }

    /**
     * The verdict for one recipient: {@code action} delayed is soft; then the first row whose pattern is found in the
     * status (rows that start with ^ look at it alone) or in the diagnostic and notice text.
     */
    public static Optional<Classified> classify(String status, String action, String text) {
        if (action != null && action.trim().toLowerCase(Locale.ROOT).startsWith("delayed")) {
            return Optional.of(new Classified(BounceType.SOFT, "RFC 3464: Action: delayed"));
        }
        String s = status == null ? "" : status.trim();
        String t = text == null ? "" : text;
        for (Rule r : RULES) {
            boolean onStatus = r.pattern().pattern().startsWith("^");
            if (onStatus ? r.pattern().matcher(s).find() : r.pattern().matcher(t).find()) {
                return Optional.of(new Classified(r.type(), r.source()));
            }
        }
        return Optional.empty();
    }

    /** A verdict and the row it came from. */
    public record Classified(BounceType type, String source) {
    }
}

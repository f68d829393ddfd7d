package dev.mailgate.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailgate.config.BounceConfig;

/**
 * Where one account's mailbox is and how to log in: the provider's preset, then the account's own imap.* settings;
 * the login and password are the account's SMTP ones (QQ's and 163's 授权码 work for IMAP too) unless set.
 */
public record ImapSettings(String account, String host, int port, boolean tls, String username, String password,
        List<String> folders, boolean sendId, Optional<String> tlsConfigurationName) {

    /** An IMAP preset: host, port, folders, and whether the server wants the ID command first. */
    record Preset(String host, int port, List<String> folders, boolean sendId) {
    }

    static Optional<Preset> preset(String provider) {
        return Optional.ofNullable(switch (provider == null ? "" : provider) {
            case "qq", "qq-starttls" -> new Preset("imap.qq.com", 993, List.of("INBOX", "Junk"), false);
            // 163 and 126 refuse SELECT ("Unsafe Login") until the client has said who it is with ID (RFC 2971).
            case "163" -> new Preset("imap.163.com", 993, List.of("INBOX"), true);
            case "gmail" -> new Preset("imap.gmail.com", 993, List.of("INBOX", "[Gmail]/Spam"), false);
            case "office365" -> new Preset("outlook.office365.com", 993, List.of("INBOX", "Junk Email"), false);
            default -> null;
        });
    }

    /**
     * The settings of one account, or every problem with them (a custom provider needs a host; a login is needed).
     * {@code smtpUser} and {@code smtpPassword}: the account's own, used unless imap.* names others.
     */
    static Resolved resolve(String account, String provider, BounceConfig.Imap imap, Optional<String> smtpUser,
            Optional<String> smtpPassword, String property) {
        List<String> problems = new ArrayList<>();
        Optional<Preset> p = preset(provider);
        Optional<String> host = imap.host().or(() -> p.map(Preset::host));
        if (host.isEmpty()) {
            problems.add(property + "host is needed to read bounces from a " + (provider == null ? "custom" : provider)
                    + " account's mailbox (or " + property + "enabled=false)");
        }
        Optional<String> user = imap.username().or(() -> smtpUser);
        Optional<String> password = imap.password().or(() -> smtpPassword);
        if (user.filter(s -> !s.isBlank()).isEmpty() || password.filter(s -> !s.isBlank()).isEmpty()) {
            problems.add(property + "username and password (or the account's SMTP login) are needed to read bounces");
        }
        if (!problems.isEmpty()) {
            return new Resolved(Optional.empty(), problems);
        }
        boolean tls = imap.tls().orElse(true);
        int port = imap.port().isPresent() ? imap.port().getAsInt() : p.map(Preset::port).orElse(tls ? 993 : 143);
        List<String> folders = imap.folders().filter(f -> !f.isEmpty())
                .orElseGet(() -> p.map(Preset::folders).orElse(List.of("INBOX")));
        return new Resolved(Optional.of(new ImapSettings(account, host.get(), port, tls, user.get(), password.get(),
                List.copyOf(folders), p.map(Preset::sendId).orElse(false), imap.tlsConfigurationName())), problems);
    }

    record Resolved(Optional<ImapSettings> settings, List<String> problems) {
    }

    @Override
    public String toString() {
        return account + " (" + username + " at " + host + ":" + port + ")"; // never the password
    }
}

package dev.mailgate.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SMTP provider presets. A preset only supplies defaults for {@code quarkus.mailer.*}; any explicit mailer
 * property wins (see {@link ProviderPresetConfigSourceFactory}).
 */
public enum Provider {
    QQ("qq", "smtp.qq.com", 465, true, "DISABLED", true),
    QQ_STARTTLS("qq-starttls", "smtp.qq.com", 587, false, "REQUIRED", true),
    GMAIL("gmail", "smtp.gmail.com", 587, false, "REQUIRED", false),
    OFFICE365("office365", "smtp.office365.com", 587, false, "REQUIRED", true),
    NETEASE_163("163", "smtp.163.com", 465, true, "DISABLED", true),
    CUSTOM("custom", null, 0, false, "OPTIONAL", false);

    private final String key;
    private final String host;
    private final int port;
    private final boolean implicitTls;
    private final String startTls;
    /** The provider rejects mail whose From differs from the login (QQ: "501 Mail from address must be same as authorization user"). */
    private final boolean fromMustEqualLogin;

    Provider(String key, String host, int port, boolean implicitTls, String startTls, boolean fromMustEqualLogin) {
        this.key = key;
        this.host = host;
        this.port = port;
        this.implicitTls = implicitTls;
        this.startTls = startTls;
        this.fromMustEqualLogin = fromMustEqualLogin;
    }

    public static Optional<Provider> fromKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.key.equals(k)).findFirst();
    }

    public static String keys() {
        return Arrays.stream(values()).map(Provider::key).collect(Collectors.joining(", "));
    }

    public String key() {
        return key;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    public String startTls() {
        return startTls;
    }

    public boolean fromMustEqualLogin() {
        return fromMustEqualLogin;
    }

    public boolean isPreset() {
        return this != CUSTOM;
    }
}

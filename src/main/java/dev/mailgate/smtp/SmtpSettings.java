package dev.mailgate.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.quarkus.mailer.runtime.MailerRuntimeConfig;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.net.NetClientOptions;

/**
 * The SMTP account and connection settings, read from the standard {@code quarkus.mailer.*} properties (which the
 * provider presets fill in), so everything documented for the Quarkus mailer keeps its meaning. TLS trust comes from
 * the TLS registry, as in the Quarkus mailer: {@code quarkus.mailer.tls-configuration-name}, or {@code trust-all}.
 */
public record SmtpSettings(String host, int port, boolean implicitTls, String startTls, String login, List<String> authMethods,
        Optional<String> username, Optional<String> password, String ownHostName, boolean pipelining, int maxPoolSize,
        boolean keepAlive, Duration keepAliveTimeout, NetClientOptions options) {

    /** The single account of {@code quarkus.mailer.*}. */
    public static SmtpSettings of(MailerRuntimeConfig c, TlsConfigurationRegistry tls) {
        NetClientOptions options = new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true)
                .setHostnameVerificationAlgorithm("HTTPS");
        boolean implicit;
        if (c.tlsConfigurationName().isPresent()) {
            String name = c.tlsConfigurationName().get();
            trust(options, tls.get(name).orElseThrow(() -> new IllegalStateException(
                    "quarkus.mailer.tls-configuration-name names " + name + ", which is not in the TLS registry")));
            implicit = c.tls().orElse(true);
        } else {
            boolean trustAll = c.trustAll().orElse(tls.getDefault().map(TlsConfiguration::isTrustAll).orElse(false));
            implicit = c.ssl() || c.tls().orElse(trustAll);
            options.setTrustAll(trustAll);
        }
        if (options.isTrustAll()) {
            options.setHostnameVerificationAlgorithm("");
        }
        options.setSsl(implicit);
        List<String> methods = c.authMethods().map(m -> List.of(m.toUpperCase(Locale.ROOT).trim().split("\\s+")))
                .orElse(List.of("PLAIN", "LOGIN"));
        return new SmtpSettings(c.host(), c.port().orElse(implicit ? 465 : 25), implicit,
                c.startTLS().toUpperCase(Locale.ROOT), c.login().toUpperCase(Locale.ROOT), methods, c.username(),
                c.password(), c.ownHostName().orElseGet(SmtpSettings::localHostName), c.pipelining(),
                Math.max(1, c.maxPoolSize()), c.keepAlive(), c.keepAliveTimeout(), options);
    }

    /**
     * A named account ({@code mailgate.accounts.<name>.*}), its settings already merged with its provider preset.
     * Without a TLS registry entry, certificates are verified against the JVM's trust store.
     */
    public static SmtpSettings of(String host, int port, boolean implicitTls, String startTls, String login,
            Optional<String> username, Optional<String> password, Optional<String> tlsConfigurationName,
            int maxPoolSize, Duration keepAliveTimeout, TlsConfigurationRegistry tls, String accountName) {
        NetClientOptions options = new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true)
                .setHostnameVerificationAlgorithm("HTTPS");
        if (tlsConfigurationName.isPresent()) {
            String name = tlsConfigurationName.get();
            trust(options, tls.get(name).orElseThrow(() -> new IllegalStateException("mailgate.accounts."
                    + accountName + ".tls-configuration-name names " + name + ", which is not in the TLS registry")));
        }
        if (options.isTrustAll()) {
            options.setHostnameVerificationAlgorithm("");
        }
        options.setSsl(implicitTls);
        return new SmtpSettings(host, port, implicitTls, startTls.toUpperCase(Locale.ROOT),
                login.toUpperCase(Locale.ROOT), List.of("PLAIN", "LOGIN"), username, password, localHostName(), true,
                Math.max(1, maxPoolSize), true, keepAliveTimeout, options);
    }

    /** What a TLS registry entry says about trust, client certificates and host name checks. */
    private static void trust(NetClientOptions options, TlsConfiguration t) {
        if (t.getTrustStoreOptions() != null) {
            options.setTrustOptions(t.getTrustStoreOptions());
        }
        if (t.getKeyStoreOptions() != null) {
            options.setKeyCertOptions(t.getKeyStoreOptions());
        }
        options.setTrustAll(t.isTrustAll());
        t.getHostnameVerificationAlgorithm().ifPresent(options::setHostnameVerificationAlgorithm);
    }

    /** Whether to log in: always when required, and when optional only if credentials are set. */
    boolean authenticates() {
        return switch (login) {
            case "REQUIRED" -> true;
            case "DISABLED" -> false;
            default -> username.isPresent() && password.isPresent();
        };
    }

    /** The machine's own name, without a reverse DNS lookup that could stall start-up. */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}

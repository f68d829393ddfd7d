package dev.mailgate.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A hand-driven SMTP client, for the replies and misbehaviour a real client library would not produce. */
public final class SmtpDialog implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpDialog(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    /** A plain connection; reads the greeting. */
    public static SmtpDialog plain(int port) throws IOException {
        return from(null, port);
    }

    /** A plain connection from a given local address (127.0.0.2 for the trusted network). */
    public static SmtpDialog from(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        if (localAddress != null) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        SmtpDialog d = new SmtpDialog(s);
        d.reply();
        return d;
    }

    /** Implicit TLS, trusting any certificate (the test's self-signed one). */
    public static SmtpDialog tls(int port) throws Exception {
        return tls(null, port);
    }

    /** Implicit TLS from a given local address. */
    public static SmtpDialog tls(String localAddress, int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        } }, null);
        Socket plain = new Socket();
        if (localAddress != null) {
            plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        Socket s = context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SmtpDialog d = new SmtpDialog(s);
        d.reply();
        return d;
    }

    /** Sends one line and returns the whole reply (multi-line replies joined with \n). */
    public String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    public void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    public void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** One reply: lines until one whose fourth character is a space. */
    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            all.append(all.isEmpty() ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                break;
            }
        }
        return all.toString();
    }

    /** Whether the server closes the connection within {@code wait} (a reply it sends first is skipped). */
    public boolean closedWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (in.readLine() != null) {
                // a goodbye such as 421 may come first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** AUTH PLAIN with a key's name and the key. */
    public String authPlain(String name, String key) throws IOException {
        String token = java.util.Base64.getEncoder().encodeToString(("\0" + name + "\0" + key)
                .getBytes(StandardCharsets.UTF_8));
        return send("AUTH PLAIN " + token);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

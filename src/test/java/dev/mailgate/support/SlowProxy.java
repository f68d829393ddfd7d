package dev.mailgate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a local server that holds back each chunk the server sends by a fixed delay: a slow
 * network, so that a crash test can land in the middle of a run that would otherwise finish within milliseconds.
 * TLS passes through untouched.
 */
public final class SlowProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public SlowProxy(int targetPort, long delayMs) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(server);
                    Thread.ofVirtual().start(() -> pump(client, server, 0));
                    Thread.ofVirtual().start(() -> pump(server, client, delayMs));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return listener.getLocalPort();
    }

    private static void pump(Socket from, Socket to, long delayMs) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: close both
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}

package dev.mailgate.relay;

import java.io.IOException;

import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * The two commands mailgate answers itself. SubEthaSMTP always offers CHUNKING (BDAT), and its BDAT takes a client
 * that hangs up mid-chunk for one that finished, which would queue half a message; so EHLO here offers no CHUNKING
 * (nor SMTPUTF8, which the accounts' servers are not asked for), BDAT is refused, and every message comes through
 * DATA, whose end is a dot a client must really send.
 */
final class RelayCommands {

    private RelayCommands() {
    }

    /** EHLO: as SubEthaSMTP's, minus CHUNKING and SMTPUTF8, and STARTTLS only before TLS. */
    static final class Ehlo extends BaseCommand {
        Ehlo() {
            super("EHLO", "Introduce yourself.", "<hostname>");
        }

        @Override
        public void execute(String command, Session session) throws IOException {
            String[] args = getArgs(command);
            if (args.length < 2) {
                session.sendResponse("501 5.5.4 Syntax: EHLO hostname");
                return;
            }
            session.resetMailTransaction();
            session.setHelo(args[1]);
            StringBuilder reply = new StringBuilder("250-").append(session.getServer().getHostName())
                    .append("\r\n250-8BITMIME");
            if (session.getServer().getMaxMessageSize() > 0) {
                reply.append("\r\n250-SIZE ").append(session.getServer().getMaxMessageSize());
            }
            if (session.getServer().getEnableTLS() && !RelayAuth.encrypted(session)) {
                reply.append("\r\n250-STARTTLS");
            }
            // The factory offers no mechanism before TLS unless plaintext AUTH is allowed (RelayAuth).
            session.getServer().getAuthenticationHandlerFactory().map(f -> f.getAuthenticationMechanisms())
                    .filter(m -> !m.isEmpty()).ifPresent(m -> reply.append("\r\n250-AUTH ").append(String.join(" ", m)));
            reply.append("\r\n250 Ok");
            session.sendResponse(reply.toString());
        }
    }

    /** BDAT: not offered, so refused. */
    static final class Bdat extends BaseCommand {
        Bdat() {
            super("BDAT", "Not offered here: use DATA.");
        }

        @Override
        public void execute(String command, Session session) throws IOException {
            session.sendResponse("502 5.5.1 BDAT is not offered here; use DATA");
        }
    }
}

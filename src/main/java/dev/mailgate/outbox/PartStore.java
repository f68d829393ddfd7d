package dev.mailgate.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import dev.mailgate.compose.Part;
import dev.mailgate.store.Store;

/**
 * Attachment and inline content in 256 KB chunks. Writing streams a file upload chunk by chunk; reading writes the
 * chunks to a temporary file, which the SMTP client streams again: a 25 MB attachment never sits in the heap.
 */
final class PartStore {

    static final int CHUNK = 256 * 1024;

    private PartStore() {
    }

    /** {@code suffix}: {@link Store#ignoreDuplicate()}. */
    static void write(Connection c, String id, List<Part> parts, String suffix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO message_part (message_id, part_no, chunk_no, data) VALUES (?, ?, ?, ?)" + suffix)) {
            for (int no = 0; no < parts.size(); no++) {
                Part p = parts.get(no);
                try (InputStream in = p.data() != null ? new java.io.ByteArrayInputStream(p.data())
                        : Files.newInputStream(p.file().toPath())) {
                    byte[] buffer = new byte[CHUNK];
                    int chunk = 0;
                    int n;
                    while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                        ps.setString(1, id);
                        ps.setInt(2, no);
                        ps.setInt(3, chunk++);
                        ps.setBytes(4, n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
                        ps.executeUpdate();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading an upload to store it", e);
                }
            }
        }
    }

    /**
     * One part's content: in memory when small (one chunk), else in a temporary file the caller deletes. Chunks are
     * read one query at a time, so that no result set ever holds the whole part.
     */
    static Part read(Connection c, String id, StoredDraft.PartRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT data FROM message_part WHERE message_id = ? AND part_no = ? AND chunk_no = ?")) {
            ps.setString(1, id);
            ps.setInt(2, ref.partNo());
            if (ref.size() <= CHUNK) {
                byte[] data = chunk(ps, 0);
                if (data == null && ref.size() > 0) {
                    throw missing(id, ref);
                }
                return new Part(ref.filename(), ref.contentType(), ref.contentId(), data == null ? new byte[0] : data,
                        null);
            }
            Path file = Files.createTempFile("mailgate-part-", ".bin");
            long size = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] data;
                for (int n = 0; (data = chunk(ps, n)) != null; n++) {
                    out.write(data);
                    size += data.length;
                }
            }
            if (size != ref.size()) {
                Files.deleteIfExists(file);
                throw missing(id, ref);
            }
            return new Part(ref.filename(), ref.contentType(), ref.contentId(), null, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a stored part to a temporary file", e);
        }
    }

    /** Never send a message with a part cut short: it is kept, and fails to be read, instead. */
    private static SQLException missing(String id, StoredDraft.PartRef ref) {
        return new SQLException("the stored content of " + id + " is incomplete (part " + ref.partNo() + ", "
                + ref.filename() + "); it was deleted by retention");
    }

    private static byte[] chunk(PreparedStatement ps, int n) throws SQLException {
        ps.setInt(3, n);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    static int delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM message_part WHERE message_id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }
}

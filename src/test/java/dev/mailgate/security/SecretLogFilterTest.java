package dev.mailgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class SecretLogFilterTest {

    @Test
    void scrubsThePasswordFromFormattedRecords() {
        SecretLogFilter filter = new SecretLogFilter(Optional.of("bot@qq.com"), Optional.of("abcdefghijklmnop"));
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "AUTH failed: server said %s", ExtLogRecord.FormatStyle.PRINTF,
                SecretLogFilterTest.class.getName());
        record.setParameters(new Object[] { "535 bad password abcdefghijklmnop" });
        assertTrue(filter.isLoggable(record));
        assertEquals("AUTH failed: server said 535 bad password [redacted]", record.getFormattedMessage());
    }
}

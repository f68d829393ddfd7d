package dev.mailgate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** Reads what arrived, the way a strict parser (Jakarta Mail) sees it. */
public final class Mime {

    private Mime() {
    }

    /** The MIME tree as "multipart/mixed[multipart/alternative[text/plain,text/html],application/pdf]". */
    public static String structure(Part part) throws MessagingException, IOException {
        String type = part.getContentType().toLowerCase().split(";")[0].trim();
        if (part.getContent() instanceof Multipart mp) {
            List<String> children = new ArrayList<>();
            for (int i = 0; i < mp.getCount(); i++) {
                children.add(structure(mp.getBodyPart(i)));
            }
            return type + "[" + String.join(",", children) + "]";
        }
        return type;
    }

    /** Depth-first list of leaf parts. */
    public static List<BodyPart> leaves(Part part) throws MessagingException, IOException {
        List<BodyPart> out = new ArrayList<>();
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                if (child.getContent() instanceof Multipart) {
                    out.addAll(leaves(child));
                } else {
                    out.add(child);
                }
            }
        }
        return out;
    }

    public static String text(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i), mimeType);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    public static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    public static String raw(MimeMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}

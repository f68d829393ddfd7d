package dev.mailgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * What makes two requests with one Idempotency-Key "the same": a SHA-256 over what the request asks for. JSON is
 * canonical first (object members sorted, no whitespace), so the order a client's serializer happens to write members
 * in does not matter; multipart is its fields in order, with each file's name, type and content digest. The request's
 * kind (which endpoint, synchronous or not, batch mode) is part of it: the same body asking for another kind of answer
 * is another request. Reads files: run on a worker thread.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String json(String kind, JsonNode body) {
        MessageDigest digest = sha256();
        digest.update((kind + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(canonical(body).toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    static String multipart(String kind, MultipartFormDataInput form) {
        MessageDigest digest = sha256();
        digest.update((kind + "\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Collection<FormValue>> field : form.getValues().entrySet()) {
            for (FormValue v : field.getValue()) {
                // Length-prefixed, so that no field's content can pass for another field's boundary.
                List<String> parts = new ArrayList<>(List.of(field.getKey()));
                if (v.isFileItem()) {
                    parts.add("file");
                    parts.add(String.valueOf(v.getFileName()));
                    parts.add(String.valueOf(v.getHeaders() == null ? null : v.getHeaders().getFirst("Content-Type")));
                    parts.add(fileDigest(v));
                } else {
                    parts.add("text");
                    parts.add(v.getValue());
                }
                for (String p : parts) {
                    byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
                    digest.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                    digest.update(bytes);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The same JSON with every object's members in name order. */
    static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(n -> sorted.set(n, canonical(node.get(n))));
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> array.add(canonical(e)));
            return array;
        }
        return node;
    }

    private static String fileDigest(FormValue v) {
        MessageDigest digest = sha256();
        try (InputStream in = v.getFileItem().getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

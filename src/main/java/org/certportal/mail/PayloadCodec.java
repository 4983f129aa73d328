package org.certportal.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A small, versioned binary form of a template model, so that no JSON library version is tied to rows at rest. */
final class PayloadCodec {

    private static final int VERSION = 1;

    private PayloadCodec() {
    }

    static byte[] encode(Map<String, String> model) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            Map<String, String> sorted = new TreeMap<>(model);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeBoolean(e.getValue() != null);
                if (e.getValue() != null) {
                    out.writeUTF(e.getValue());
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Unknown outbox payload version " + version);
            }
            int n = in.readInt();
            Map<String, String> model = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                model.put(key, in.readBoolean() ? in.readUTF() : null);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.certportal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not send: a {@code Host} header of our
 * choosing, and a request from a chosen local address. One request per connection.
 */
public final class RawHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String location() {
            return header("Location").orElse("");
        }

        /** The value of a cookie this response sets, e.g. SESSION. */
        public Optional<String> cookie(String name) {
            for (String c : headers.getOrDefault("set-cookie", List.of())) {
                if (c.startsWith(name + "=")) {
                    return Optional.of(c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
                }
            }
            return Optional.empty();
        }

        public Optional<String> csrf() {
            Matcher m = CSRF.matcher(body);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private final InetSocketAddress server;
    private final InetAddress localAddress;

    private RawHttp(InetSocketAddress server, InetAddress localAddress) {
        this.server = server;
        this.localAddress = localAddress;
    }

    /** Requests to the portal on the loopback interface. */
    public static RawHttp loopback(int port) {
        return new RawHttp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null);
    }

    /** Requests to {@code address}, sent from that same (non-loopback) address of this machine. */
    public static RawHttp from(InetAddress address, int port) {
        return new RawHttp(new InetSocketAddress(address, port), address);
    }

    /** A non-loopback IPv4 address of an interface of this machine that is up, if there is one. */
    public static Optional<InetAddress> nonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
                        return Optional.of(a);
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null);
    }

    /** A form POST; {@code headers} should carry Host, and Cookie when there is a session. */
    public Response post(String path, Map<String, String> headers, String formBody) {
        return send("POST", path, headers, formBody);
    }

    public Response send(String method, String path, Map<String, String> headers, String body) {
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Host", server.getHostString() + ":" + server.getPort());
        all.put("Connection", "close");
        if (payload != null) {
            all.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            all.put("Content-Length", Integer.toString(payload.length));
        }
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.setSoTimeout(30_000);
            socket.connect(server, 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            body = dechunk(new java.io.ByteArrayInputStream(body));
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.read(); // \r
            in.read(); // \n
        }
    }
}

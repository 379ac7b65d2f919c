package dev.presign.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: request targets with invalid escapes, raw
 * bytes in headers and bodies, chunked bodies, and no header the test did not ask for. One request
 * per connection ({@code Connection: close}); every wait is bounded.
 */
final class RawHttp {
  private static final int TIMEOUT_MILLIS = 20_000;

  private final String host;
  private final int port;

  RawHttp(String baseUrl) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
  }

  /** What came back: the status, headers (lower-case names, last one wins) and body as UTF-8. */
  record Reply(int status, Map<String, String> headers, String body, String request) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A request built field by field; headers are written exactly as given, in order. */
  static final class Request {
    private final String method;
    private final byte[] target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private boolean chunked;

    private Request(String method, byte[] target) {
      this.method = method;
      this.target = target;
    }

    Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    Request bearer(String token) {
      return token == null ? this : header("Authorization", "Bearer " + token);
    }

    Request body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    Request body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8));
    }

    Request chunked() {
      this.chunked = true;
      return this;
    }

    String describe() {
      String shown = new String(target, StandardCharsets.ISO_8859_1);
      if (shown.length() > 200) {
        shown = shown.substring(0, 200) + "…(" + target.length + " bytes)";
      }
      String bodyShown =
          body == null
              ? ""
              : body.length > 300
                  ? new String(body, 0, 300, StandardCharsets.UTF_8)
                      + "…("
                      + body.length
                      + " bytes)"
                  : new String(body, StandardCharsets.UTF_8);
      return method + " " + shown + " " + bodyShown;
    }
  }

  static Request request(String method, String target) {
    return new Request(method, target.getBytes(StandardCharsets.UTF_8));
  }

  static Request request(String method, byte[] target) {
    return new Request(method, target);
  }

  Reply send(Request request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.writeBytes(request.method.getBytes(StandardCharsets.US_ASCII));
      head.write(' ');
      head.writeBytes(request.target);
      head.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      line(head, "Host: " + host + ":" + port);
      line(head, "Connection: close");
      for (String[] header : request.headers) {
        line(head, header[0] + ": " + header[1]);
      }
      if (request.body != null) {
        line(
            head,
            request.chunked
                ? "Transfer-Encoding: chunked"
                : "Content-Length: " + request.body.length);
      } else if (!request.method.equals("GET")) {
        line(head, "Content-Length: 0");
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toByteArray());
        if (request.body != null) {
          writeBody(out, request);
        }
        out.flush();
      } catch (IOException e) {
        // The server may answer (413) and close before it has read everything: read the answer.
      }
      return parse(readAll(socket.getInputStream()), request.describe());
    }
  }

  /**
   * Sends {@code bytes} as they are, the whole request line, headers and body, for framing the
   * builder will not produce (two Content-Lengths, Content-Length with Transfer-Encoding). The
   * socket is half-closed after writing, so a server waiting for more sees the end.
   */
  Reply sendRaw(byte[] bytes, String description) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      socket.shutdownOutput();
      byte[] answer = readAll(socket.getInputStream());
      if (answer.length == 0) {
        // The server waited for the rest of a body it was promised, and closed when none came.
        return new Reply(0, Map.of(), "", description);
      }
      return parse(answer, description);
    }
  }

  private static void writeBody(OutputStream out, Request request) throws IOException {
    if (!request.chunked) {
      out.write(request.body);
      return;
    }
    int chunk = 8192;
    for (int offset = 0; offset < request.body.length; offset += chunk) {
      int length = Math.min(chunk, request.body.length - offset);
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(request.body, offset, length);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static void line(ByteArrayOutputStream out, String text) {
    // ISO-8859-1 so a test can put any byte 0-255 in a header; UTF-8 text must be pre-encoded.
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads one response: up to the end of its headers, then exactly Content-Length bytes, or chunks
   * up to the last one, or (neither) until the server closes.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        all.write(buffer, 0, n);
        if (isComplete(all.toByteArray())) {
          break;
        }
      }
    } catch (IOException e) {
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static boolean isComplete(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    int length = head.indexOf("\r\ncontent-length:");
    if (length >= 0) {
      int lineEnd = head.indexOf("\r\n", length + 2);
      String value = head.substring(length + 17, lineEnd < 0 ? head.length() : lineEnd).trim();
      return raw.length - end - 4 >= Integer.parseInt(value);
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return text.endsWith("\r\n0\r\n\r\n");
    }
    return false;
  }

  private static Reply parse(byte[] raw, String request) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new IOException(
          "not an HTTP response to "
              + request
              + ": "
              + (text.length() > 300 ? text.substring(0, 300) : text));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      body = java.util.Arrays.copyOf(body, Math.min(length, body.length));
    }
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8), request);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = indexOf(body, i);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0];
      int size = Integer.parseInt(sizeText.trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}

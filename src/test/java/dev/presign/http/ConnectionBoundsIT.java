package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.OperatorFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bounds the HTTP server holds before any handler runs, as the operator is wired: idle
 * connections are closed, and oversized headers are refused.
 */
class ConnectionBoundsIT {
  private static OperatorFixture fixture;
  private static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.startWithSettings(Map.of("PRESIGN_HTTP_IDLE_TIMEOUT_SECONDS", "1"));
    URI uri = URI.create(fixture.apiUrl());
    api = new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedByTheServer() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(api, 5_000);
      // Far longer than the 1 s idle timeout: a read that times out means the server kept the
      // connection open.
      socket.setSoTimeout(20_000);

      assertThat(socket.getInputStream().read())
          .as("end of stream: closed by the server")
          .isEqualTo(-1);
    }
  }

  @Test
  void aConnectionIdleAfterAnAnswerIsClosedByTheServer() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(api, 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 200");

      // Keep-alive: after the answer the connection stays until the idle timeout closes it.
      while (in.read() != -1) {
        // the rest of the answer
      }
    }
  }

  @Test
  void headersOverTheLimitAre431() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(api, 5_000);
      socket.setSoTimeout(20_000);
      String request =
          "GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + "a".repeat(HttpApi.HEADER_LIMIT_BYTES)
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 431").contains("The request headers are too large.");
    }
  }
}

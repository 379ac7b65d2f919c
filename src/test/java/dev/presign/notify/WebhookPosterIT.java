package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One POST against a real receiver on 127.0.0.1: what each kind of answer comes to. */
class WebhookPosterIT {
  private static final byte[] BODY = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private static WebhookReceiver receiver;
  private final WebhookPoster poster = new WebhookPoster(Duration.ofSeconds(1));

  @BeforeAll
  static void start() throws Exception {
    receiver = WebhookReceiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void twoHundredsAreDeliveredWithTheHeadersGiven() {
    WebhookPoster.Result result =
        poster.post(URI.create(receiver.url("/ok")), BODY, Map.of("X-Presign-Timestamp", "1"));

    assertThat(result).isEqualTo(new WebhookPoster.Result(true, "HTTP 204"));
    assertThat(receiver.received("/ok"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.body()).isEqualTo(BODY);
              assertThat(r.header("X-Presign-Timestamp")).isEqualTo("1");
            });
  }

  /** A receiver (or whoever answers at its address) cannot send the signed event elsewhere. */
  @Test
  void redirectsAreNotFollowed() {
    receiver.redirect("/moved", receiver.url("/elsewhere"));

    WebhookPoster.Result result = poster.post(URI.create(receiver.url("/moved")), BODY, Map.of());

    assertThat(result).isEqualTo(new WebhookPoster.Result(false, "HTTP 307"));
    assertThat(receiver.received("/elsewhere")).isEmpty();
  }

  @Test
  void aReceiverThatNeverAnswersCostsTheTimeout() {
    receiver.neverAnswer("/silent");

    WebhookPoster.Result result = poster.post(URI.create(receiver.url("/silent")), BODY, Map.of());

    assertThat(result).isEqualTo(new WebhookPoster.Result(false, "no answer within 1 s"));
    assertThat(receiver.received("/silent")).hasSize(1);
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }

    WebhookPoster.Result result =
        poster.post(URI.create("http://127.0.0.1:" + port + "/x"), BODY, Map.of());

    assertThat(result).isEqualTo(new WebhookPoster.Result(false, "connection refused"));
  }
}

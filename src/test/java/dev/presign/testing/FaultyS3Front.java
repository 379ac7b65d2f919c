package dev.presign.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP front on 127.0.0.1 between the operator and a real S3 server, with faults switchable at run
 * time: pass through, refuse connections (the port is closed), hold requests without an answer
 * (slower than any S3 timeout), or answer every request 403 AccessDenied or 500 InternalError the
 * way S3 does. Bytes pass unchanged, so SigV4 signatures (which cover the Host header) still verify
 * behind it. Switching closes every open connection, so pooled keep-alive connections cannot slip
 * past a new fault.
 */
public final class FaultyS3Front implements AutoCloseable {
  /** What the front does with a connection. */
  public enum Mode {
    PASS,
    REFUSE,
    SLOW,
    FORBIDDEN,
    ERROR
  }

  private final Vertx vertx = Vertx.vertx();
  private final NetClient upstream = vertx.createNetClient();
  private final int upstreamPort;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private NetServer server;
  private int port;

  private FaultyS3Front(int upstreamPort) {
    this.upstreamPort = upstreamPort;
  }

  /** A front for the S3 server at {@code http://127.0.0.1:port}, passing everything through. */
  public static FaultyS3Front start(String upstreamEndpoint) throws Exception {
    FaultyS3Front front = new FaultyS3Front(java.net.URI.create(upstreamEndpoint).getPort());
    front.listen(0);
    return front;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public Mode mode() {
    return mode;
  }

  /** Switches the fault; connections opened before are closed. */
  public synchronized void set(Mode next) throws Exception {
    mode = next;
    open.forEach(NetSocket::close);
    open.clear();
    if (next == Mode.REFUSE && server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      server = null;
    } else if (next != Mode.REFUSE && server == null) {
      listen(port);
    }
  }

  private void listen(int wanted) throws Exception {
    server =
        vertx
            .createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(wanted))
            .connectHandler(this::accept)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  private void accept(NetSocket in) {
    open.add(in);
    in.closeHandler(v -> open.remove(in));
    switch (mode) {
      case PASS -> pass(in);
      case SLOW -> in.handler(ignored -> {});
      case FORBIDDEN -> answer(in, 403, "Forbidden", "AccessDenied", "Access Denied");
      case ERROR ->
          answer(
              in,
              500,
              "Internal Server Error",
              "InternalError",
              "We encountered an internal error. Please try again.");
      case REFUSE -> in.close();
    }
  }

  private void pass(NetSocket in) {
    in.pause();
    upstream
        .connect(upstreamPort, "127.0.0.1")
        .onSuccess(
            out -> {
              open.add(out);
              out.closeHandler(v -> in.close());
              in.closeHandler(
                  v -> {
                    open.remove(in);
                    out.close();
                  });
              in.pipeTo(out);
              out.pipeTo(in);
            })
        .onFailure(e -> in.close());
  }

  /** An S3 error document; a HEAD gets the status line and headers only, as S3 sends it. */
  private static void answer(NetSocket in, int status, String text, String code, String message) {
    in.handler(
        first -> {
          in.handler(ignored -> {});
          boolean head = first.toString(StandardCharsets.ISO_8859_1).startsWith("HEAD ");
          String body =
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                  + code
                  + "</Code><Message>"
                  + message
                  + "</Message><RequestId>faulty-s3-front</RequestId></Error>";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          String headers =
              "HTTP/1.1 "
                  + status
                  + " "
                  + text
                  + "\r\nContent-Type: application/xml\r\nContent-Length: "
                  + bytes.length
                  + "\r\nx-amz-request-id: faulty-s3-front\r\nConnection: close\r\n\r\n";
          Buffer reply = Buffer.buffer(headers);
          if (!head) {
            reply.appendBytes(bytes);
          }
          in.write(reply).onComplete(done -> in.close());
        });
  }

  @Override
  public void close() throws Exception {
    open.forEach(NetSocket::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

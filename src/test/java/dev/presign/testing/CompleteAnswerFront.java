package dev.presign.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A TCP front on 127.0.0.1 before a real S3 server that passes everything through unchanged (so
 * SigV4 signatures, which cover the Host header, still verify) except the answer to
 * CompleteMultipartUpload ({@code POST /key?uploadId=...}): S3 gets the request and completes the
 * upload, but its answer is {@link Fault#HOLD held} for a while (an S3 that takes long to assemble
 * a big object) or {@link Fault#LOSE lost} (the connection closes instead: an answer lost on the
 * way). The SDK's HTTP client sends one request at a time on a connection, so the answer that
 * follows a complete on the same connection is the complete's.
 */
public final class CompleteAnswerFront implements AutoCloseable {
  /** What happens to the answer of a CompleteMultipartUpload. */
  public enum Fault {
    HOLD,
    LOSE
  }

  /** A complete's request line: POST with an uploadId (create is {@code POST /key?uploads}). */
  private static final Pattern COMPLETE =
      Pattern.compile("(^|\r\n)POST [^ ]*[?&]uploadId=[^ ]* HTTP/1\\.1\r\n");

  private final Vertx vertx = Vertx.vertx();
  private final NetClient upstream = vertx.createNetClient();
  private final int upstreamPort;
  private volatile Fault fault;
  private final Duration hold;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger completes = new AtomicInteger();
  private NetServer server;

  private CompleteAnswerFront(int upstreamPort, Fault fault, Duration hold) {
    this.upstreamPort = upstreamPort;
    this.fault = fault;
    this.hold = hold;
  }

  /** A front for the S3 server at {@code http://127.0.0.1:port}; {@code hold} is for HOLD. */
  public static CompleteAnswerFront start(String upstreamEndpoint, Fault fault, Duration hold)
      throws Exception {
    CompleteAnswerFront front =
        new CompleteAnswerFront(URI.create(upstreamEndpoint).getPort(), fault, hold);
    front.server =
        front
            .vertx
            .createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
            .connectHandler(front::accept)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return front;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Switches what happens to the next completes' answers. */
  public void fault(Fault next) {
    fault = next;
  }

  /** How many CompleteMultipartUpload requests went through (a retry counts again). */
  public int completes() {
    return completes.get();
  }

  private void accept(NetSocket in) {
    open.add(in);
    in.pause();
    in.exceptionHandler(e -> in.close());
    upstream
        .connect(upstreamPort, "127.0.0.1")
        .onSuccess(out -> relay(in, out))
        .onFailure(e -> in.close());
  }

  private void relay(NetSocket in, NetSocket out) {
    open.add(out);
    Connection connection = new Connection(in);
    out.exceptionHandler(e -> out.close());
    out.closeHandler(v -> in.close());
    in.closeHandler(
        v -> {
          open.remove(in);
          out.close();
        });
    in.handler(
        request -> {
          if (COMPLETE.matcher(request.toString(StandardCharsets.ISO_8859_1)).find()) {
            completes.incrementAndGet();
            connection.faultNextAnswer();
          }
          out.write(request);
        });
    out.handler(connection::answer);
    in.resume();
  }

  /** One client connection: whether the answer coming back belongs to a complete. */
  private final class Connection {
    private final NetSocket in;
    private final List<Buffer> held = new ArrayList<>();
    private boolean faulted;
    private boolean holding;

    Connection(NetSocket in) {
      this.in = in;
    }

    synchronized void faultNextAnswer() {
      faulted = true;
    }

    synchronized void answer(Buffer bytes) {
      if (!faulted && !holding) {
        in.write(bytes);
        return;
      }
      if (fault == Fault.LOSE) {
        in.close();
        return;
      }
      held.add(bytes);
      if (!holding) {
        holding = true;
        faulted = false;
        vertx.setTimer(
            hold.toMillis(),
            id -> {
              synchronized (this) {
                held.forEach(in::write);
                held.clear();
                holding = false;
              }
            });
      }
    }
  }

  @Override
  public void close() throws Exception {
    open.forEach(NetSocket::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

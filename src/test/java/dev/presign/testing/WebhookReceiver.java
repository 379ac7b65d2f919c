package dev.presign.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver of notifications on 127.0.0.1 (the JDK's HttpServer), whose paths behave as
 * a test says: answer 204, fail a number of times with 503 first, or never answer (the exchange is
 * held open until {@link #close()}). Every request is recorded with its headers, body and answer.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received, and the status it was answered with (0: never answered). */
  public record Received(String path, Map<String, List<String>> headers, byte[] body, int answer) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, Boolean> silent = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger holding = new AtomicInteger();

  private WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public static WebhookReceiver start() throws IOException {
    return new WebhookReceiver();
  }

  /** The URL of {@code path} on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** {@code path} answers 503 the next {@code times} times, then 204. */
  public void failFirst(String path, int times) {
    failuresLeft.put(path, new AtomicInteger(times));
  }

  /** {@code path} never answers (until {@link #answerAgain}). */
  public void neverAnswer(String path) {
    silent.put(path, Boolean.TRUE);
  }

  /** {@code path} answers 307 with {@code Location: location}. */
  public void redirect(String path, String location) {
    redirects.put(path, location);
  }

  public void answerAgain(String path) {
    silent.remove(path);
    failuresLeft.remove(path);
  }

  /** Requests held open without an answer right now. */
  public int holding() {
    return holding.get();
  }

  public List<Received> received(String path) {
    List<Received> all = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        all.add(r);
      }
    }
    return all;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
    if (silent.containsKey(path)) {
      received.add(new Received(path, headers, body, 0));
      holding.incrementAndGet();
      try {
        closing.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        holding.decrementAndGet();
        exchange.close();
      }
      return;
    }
    String location = redirects.get(path);
    if (location != null) {
      received.add(new Received(path, headers, body, 307));
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
      return;
    }
    AtomicInteger failures = failuresLeft.get(path);
    int status = failures != null && failures.getAndDecrement() > 0 ? 503 : 204;
    received.add(new Received(path, headers, body, status));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}

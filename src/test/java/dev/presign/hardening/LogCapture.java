package dev.presign.hardening;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Everything the process logs while it is attached: logback events at the root logger (message,
 * arguments, stack traces, MDC), java.util.logging records (the mock server and jqwik use it), and
 * whatever reaches System.out and System.err. Detach it with {@link #close()}.
 */
final class LogCapture implements AutoCloseable {
  /** One logged line (or block), with its level and logger. */
  record Entry(String level, String logger, String text) {
    @Override
    public String toString() {
      return level + " " + logger + " - " + text;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender;
  private final Handler julHandler;
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private LogCapture() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
              text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            if (!event.getMDCPropertyMap().isEmpty()) {
              text.append(" mdc=").append(event.getMDCPropertyMap());
            }
            if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
              text.append(" kv=").append(event.getKeyValuePairs());
            }
            add(new Entry(event.getLevel().toString(), event.getLoggerName(), text.toString()));
          }
        };
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.setName("hardening-capture");
    appender.start();
    root.addAppender(appender);
    julHandler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
              for (Object parameter : record.getParameters()) {
                text.append(" | ").append(parameter);
              }
            }
            if (record.getThrown() != null) {
              text.append('\n').append(stackTrace(record.getThrown()));
            }
            add(new Entry(record.getLevel().getName(), record.getLoggerName(), text.toString()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger.getLogger("").addHandler(julHandler);
    System.setOut(new PrintStream(new Tee(originalOut, stdout), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, stderr), true, StandardCharsets.UTF_8));
  }

  static LogCapture start() {
    return new LogCapture();
  }

  private synchronized void add(Entry entry) {
    entries.add(entry);
  }

  /** The captured entries, then stdout and stderr as one entry each. */
  synchronized List<Entry> entries() {
    List<Entry> all = new ArrayList<>(entries);
    synchronized (stdout) {
      all.add(new Entry("STDOUT", "System.out", stdout.toString(StandardCharsets.UTF_8)));
    }
    synchronized (stderr) {
      all.add(new Entry("STDERR", "System.err", stderr.toString(StandardCharsets.UTF_8)));
    }
    return all;
  }

  /**
   * Entries at WARN or above (logback) or WARNING or above (java.util.logging), except S3Proxy's
   * own ERROR line for the bucket CORS and lifecycle calls the class reconciler makes on purpose
   * (S3Proxy has neither API and logs every such call before answering 501 NotImplemented).
   */
  synchronized List<Entry> warningsAndErrors() {
    return entries.stream()
        .filter(
            e ->
                e.level().equals(Level.WARN.toString())
                    || e.level().equals(Level.ERROR.toString())
                    || e.level().equals("WARNING")
                    || e.level().equals("SEVERE"))
        .filter(
            e ->
                !("org.gaul.s3proxy.S3ProxyHandler".equals(e.logger())
                    && S3PROXY_BUCKET_CONFIGURATION.matcher(e.text()).find()))
        .toList();
  }

  private static final java.util.regex.Pattern S3PROXY_BUCKET_CONFIGURATION =
      java.util.regex.Pattern.compile("^Unknown parameters (cors|lifecycle) with URI /[^/ ]+$");

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    appender.stop();
  }

  private static String stackTrace(Throwable thrown) {
    java.io.StringWriter out = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      original.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      original.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      original.flush();
    }
  }
}

package dev.presign.local;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;

/**
 * Drops S3Proxy's ERROR line for the bucket CORS and lifecycle calls the class reconciler makes on
 * every probe: S3Proxy has neither API, logs each call as an error and answers 501 NotImplemented,
 * which the operator reports in the class's CORSReady condition. On a local-mode terminal the line
 * would read as a fault of the demo.
 */
public final class S3ProxyBucketConfigurationNoise extends Filter<ILoggingEvent> {
  private static final Pattern LINE =
      Pattern.compile("^Unknown parameters (cors|lifecycle) with URI /[^/ ]+$");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return "org.gaul.s3proxy.S3ProxyHandler".equals(event.getLoggerName())
            && LINE.matcher(event.getFormattedMessage()).find()
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}

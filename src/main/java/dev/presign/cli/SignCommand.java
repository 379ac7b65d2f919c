package dev.presign.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.presign.naming.InvalidNameException;
import dev.presign.naming.UploadPlan;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.AddressingStyle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ExpiryPolicy;
import dev.presign.signing.InvalidRequestException;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicyRequest;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.PresignedPost;
import dev.presign.signing.PresignedPut;
import dev.presign.signing.SigningCredentials;
import dev.presign.signing.SigningKeyCache;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code presign-operator sign ...}: one presigned upload from the shell, printed as the JSON the
 * HTTP API returns (the seed's shape), so it can be handed to a browser or curl as is.
 */
public final class SignCommand {
  static final List<CommandLine.Option> OPTIONS =
      List.of(
          new CommandLine.Option("bucket", "NAME", "S3 bucket (required)"),
          new CommandLine.Option(
              "file-name", "NAME", "the file's original name, e.g. lorem-ipsum.pdf (required)"),
          new CommandLine.Option(
              "size",
              "BYTES",
              "exact size of the file in bytes, 1 to "
                  + PostPolicyRequest.MAX_POST_SIZE
                  + " (required)"),
          new CommandLine.Option(
              "content-type",
              "TYPE",
              "media type; default: derived from the file name's extension"),
          new CommandLine.Option(
              "upload-to", "FOLDER", "folder under the key prefix; default: uploads"),
          new CommandLine.Option(
              "key-prefix", "PREFIX", "prefix of every key, ending in '/'; default: media/"),
          new CommandLine.Option(
              "region", "REGION", "AWS region; default: $AWS_REGION, else us-east-1"),
          new CommandLine.Option(
              "endpoint", "URL", "S3-compatible endpoint (MinIO, Ceph, R2, S3Proxy); default: AWS"),
          new CommandLine.Option(
              "path-style", null, "address the bucket in the path, not the host name"),
          new CommandLine.Option(
              "expires-in", "SECONDS", "lifetime of the signed form, 1 to 604800; default: 3600"),
          new CommandLine.Option(
              "method",
              "POST|PUT",
              "POST form (default) or a presigned PUT for stores without POST Object"),
          new CommandLine.Option(
              "now",
              "INSTANT",
              "sign as if it were this UTC time, e.g. 2015-12-29T00:00:00Z (for tests)"),
          new CommandLine.Option("help", null, "print this help"));

  static final String USAGE =
      "Usage: java -jar presign-operator.jar sign --bucket B --file-name NAME --size BYTES [options]\n\n"
          + "Prints a presigned S3 upload as JSON. Credentials come from the AWS SDK default chain\n"
          + "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, profiles, web identity, ...).";

  private final Supplier<SigningCredentials> credentials;
  private final Map<String, String> env;
  private final UploadPlanner planner;

  public SignCommand(
      Supplier<SigningCredentials> credentials, Map<String, String> env, UploadPlanner planner) {
    this.credentials = credentials;
    this.env = env;
    this.planner = planner;
  }

  /**
   * @return the process exit code: 0 printed, 2 bad arguments, 1 no credentials
   */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, Object> result;
    try {
      CommandLine line = CommandLine.parse(args, OPTIONS);
      if (line.flag("help")) {
        out.print(CommandLine.help(USAGE, OPTIONS));
        return 0;
      }
      result = sign(line);
    } catch (UsageException e) {
      err.println("presign-operator sign: " + e.getMessage());
      return 2;
    } catch (CredentialsUnavailableException e) {
      err.println("presign-operator sign: " + e.getMessage());
      return 1;
    }
    try {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } catch (Exception e) {
      err.println("presign-operator sign: cannot write the result: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  private Map<String, Object> sign(CommandLine line) {
    String bucket = line.required("bucket", "the S3 bucket to upload into");
    String fileName = line.required("file-name", "the file's original name, e.g. lorem-ipsum.pdf");
    line.required("size", "the exact size of the file in bytes");
    long size = line.number("size", 0, 1, PostPolicyRequest.MAX_POST_SIZE);
    long expiresIn = line.number("expires-in", 3600, 1, ExpiryPolicy.MAX_LIFETIME.toSeconds());
    String method = line.value("method").orElse("POST").toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT")) {
      throw new UsageException(
          "--method must be POST or PUT, not '" + line.value("method").get() + "'");
    }
    Clock clock = line.value("now").map(SignCommand::fixedClock).orElse(Clock.systemUTC());
    String region = line.value("region").orElse(env.getOrDefault("AWS_REGION", "us-east-1"));
    BucketEndpoint endpoint;
    try {
      endpoint =
          BucketEndpoint.of(
              region,
              line.value("endpoint").orElse(null),
              line.flag("path-style") ? AddressingStyle.PATH : null);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          (e.getMessage().startsWith("region") ? "--region: " : "--endpoint: ") + e.getMessage());
    }

    UploadPlan plan;
    try {
      plan =
          planner.plan(
              UUID.randomUUID(),
              fileName,
              line.value("content-type").orElse(null),
              line.value("upload-to").orElse("uploads"),
              line.value("key-prefix").orElse("media/"));
    } catch (InvalidNameException e) {
      throw new UsageException("--" + optionFor(e.field()) + ": " + e.getMessage());
    }

    SigningCredentials signingCredentials = credentials.get();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", plan.id().toString());
    result.put("original_file_name", fileName);
    result.put("file_name", plan.fileName());
    result.put("file_size", size);
    result.put("file_type", plan.contentType());
    result.put("upload_to", plan.uploadTo());
    result.put(
        "created_at",
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    result.put("key", plan.key());
    try {
      if (method.equals("PUT")) {
        PresignedPut put =
            new ObjectUrlPresigner(clock)
                .presignPut(
                    endpoint,
                    bucket,
                    plan.key(),
                    plan.contentType(),
                    size,
                    Duration.ofSeconds(expiresIn),
                    signingCredentials);
        result.put("expires_at", put.expiresAt().toString());
        result.put("presigned_put_data", Map.of("url", put.url(), "headers", put.headers()));
      } else {
        PostPolicyRequest request =
            PostPolicyRequest.of(
                bucket, plan.key(), plan.contentType(), size, Duration.ofSeconds(expiresIn));
        PresignedPost post =
            new PostPolicySigner(clock, new SigningKeyCache())
                .sign(request, signingCredentials, endpoint);
        result.put("expires_at", post.expiresAt().toString());
        result.put("presigned_post_data", Map.of("url", post.url(), "fields", post.fields()));
      }
    } catch (InvalidRequestException e) {
      throw new UsageException("--" + optionFor(e.field()) + ": " + e.reason());
    } catch (IllegalStateException e) {
      throw new CredentialsUnavailableException(e.getMessage());
    }
    return result;
  }

  private static String optionFor(String field) {
    return switch (field) {
      case "upload_to" -> "upload-to";
      case "key_prefix" -> "key-prefix";
      case "file_type" -> "content-type";
      case "file_size" -> "size";
      case "expires_in" -> "expires-in";
      case "original_file_name", "file_name" -> "file-name";
      default -> field.replace('_', '-');
    };
  }

  private static Clock fixedClock(String value) {
    try {
      return Clock.fixed(Instant.parse(value), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--now must be a UTC instant such as 2015-12-29T00:00:00Z, not '" + value + "'");
    }
  }

  /** No credentials could be resolved (exit code 1: not a usage error). */
  public static final class CredentialsUnavailableException extends RuntimeException {
    public CredentialsUnavailableException(String message) {
      super(message);
    }
  }
}

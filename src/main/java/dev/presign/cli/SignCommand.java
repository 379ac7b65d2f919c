package dev.presign.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import dev.presign.naming.InvalidNameException;
import dev.presign.naming.UploadPlan;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.AddressingStyle;
import dev.presign.signing.BucketEndpoint;
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
  // Options that set an upload field take their name from that field's row in UploadField.
  private static final String BUCKET = option(UploadField.BUCKET);
  private static final String FILE_NAME = option(UploadField.ORIGINAL_FILE_NAME);
  private static final String SIZE = option(UploadField.FILE_SIZE);
  private static final String CONTENT_TYPE = option(UploadField.CONTENT_TYPE);
  private static final String UPLOAD_TO = option(UploadField.UPLOAD_TO);
  private static final String KEY_PREFIX = option(UploadField.KEY_PREFIX);
  private static final String REGION = option(UploadField.REGION);
  private static final String ENDPOINT = option(UploadField.ENDPOINT);
  private static final String EXPIRES_IN = option(UploadField.EXPIRES_IN);
  private static final String METHOD = option(UploadField.METHOD);

  static final List<CommandLine.Option> OPTIONS =
      List.of(
          new CommandLine.Option(BUCKET, "NAME", "S3 bucket (required)"),
          new CommandLine.Option(
              FILE_NAME, "NAME", "the file's original name, e.g. lorem-ipsum.pdf (required)"),
          new CommandLine.Option(
              SIZE,
              "BYTES",
              "exact size of the file in bytes, 1 to "
                  + PostPolicyRequest.MAX_POST_SIZE
                  + " (required)"),
          new CommandLine.Option(
              CONTENT_TYPE, "TYPE", "media type; default: derived from the file name's extension"),
          new CommandLine.Option(
              UPLOAD_TO, "FOLDER", "folder under the key prefix; default: uploads"),
          new CommandLine.Option(
              KEY_PREFIX, "PREFIX", "prefix of every key, ending in '/'; default: media/"),
          new CommandLine.Option(
              REGION, "REGION", "AWS region; default: $AWS_REGION, else us-east-1"),
          new CommandLine.Option(
              ENDPOINT, "URL", "S3-compatible endpoint (MinIO, Ceph, R2, S3Proxy); default: AWS"),
          new CommandLine.Option(
              "path-style", null, "address the bucket in the path, not the host name"),
          new CommandLine.Option(
              EXPIRES_IN,
              "SECONDS",
              "lifetime of the signed form, 1 to "
                  + FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS
                  + "; default: 3600"),
          new CommandLine.Option(
              METHOD,
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
    String bucket = line.required(BUCKET, "the S3 bucket to upload into");
    String fileName = line.required(FILE_NAME, "the file's original name, e.g. lorem-ipsum.pdf");
    line.required(SIZE, "the exact size of the file in bytes");
    long size = line.number(SIZE, 0, 1, PostPolicyRequest.MAX_POST_SIZE);
    long expiresIn = line.number(EXPIRES_IN, 3600, 1, FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS);
    String method = line.value(METHOD).orElse("POST").toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT")) {
      throw new UsageException(
          "--" + METHOD + " must be POST or PUT, not '" + line.value(METHOD).get() + "'");
    }
    Clock clock = line.value("now").map(SignCommand::fixedClock).orElse(Clock.systemUTC());
    String region = line.value(REGION).orElse(env.getOrDefault("AWS_REGION", "us-east-1"));
    BucketEndpoint endpoint;
    try {
      endpoint =
          BucketEndpoint.of(
              region,
              line.value(ENDPOINT).orElse(null),
              line.flag("path-style") ? AddressingStyle.PATH : null);
    } catch (InvalidRequestException e) {
      throw usage(e.field(), e.reason());
    }

    UploadPlan plan;
    try {
      plan =
          planner.plan(
              UUID.randomUUID(),
              fileName,
              line.value(CONTENT_TYPE).orElse(null),
              line.value(UPLOAD_TO).orElse("uploads"),
              line.value(KEY_PREFIX).orElse("media/"));
    } catch (InvalidNameException e) {
      throw usage(e.field(), e.getMessage());
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
      throw usage(e.field(), e.reason());
    } catch (IllegalStateException e) {
      throw new CredentialsUnavailableException(e.getMessage());
    }
    return result;
  }

  /** The option that sets {@code field}; only called for fields the command has an option for. */
  private static String option(UploadField field) {
    return field
        .cliOption()
        .orElseThrow(() -> new IllegalStateException(field + " has no sign command option"));
  }

  /**
   * A usage error about {@code field}, named by its option ({@code --upload-to: ...}); a field the
   * command has no option for (it cannot be wrong here unless the command has a bug) is not named.
   */
  private static UsageException usage(UploadField field, String message) {
    return new UsageException(field.cliOption().map(o -> "--" + o + ": ").orElse("") + message);
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

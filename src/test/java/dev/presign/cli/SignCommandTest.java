package dev.presign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.fields.UploadField;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignCommandTest {
  private static final SigningCredentials AWS_EXAMPLE =
      SigningCredentials.permanent(
          "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

  private record Run(int exitCode, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  private static Run run(SigningCredentials credentials, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SignCommand(() -> credentials, Map.of(), UploadPlanner.create())
            .run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsTheSeedShapedJson() throws Exception {
    Run run =
        run(
            AWS_EXAMPLE,
            "--bucket",
            "bench-bucket",
            "--file-name",
            "lorem-ipsum.pdf",
            "--size",
            "77000",
            "--now",
            "2013-05-24T00:00:00Z");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .startsWith(
            "id",
            "original_file_name",
            "file_name",
            "file_size",
            "file_type",
            "upload_to",
            "created_at")
        .contains("presigned_post_data");
    assertThat(json.get("original_file_name").asText()).isEqualTo("lorem-ipsum.pdf");
    String hex = json.get("id").asText().replace("-", "");
    assertThat(json.get("file_name").asText()).isEqualTo(hex + "-lorem-ipsum.pdf");
    assertThat(json.get("file_size").asLong()).isEqualTo(77000);
    assertThat(json.get("file_type").asText()).isEqualTo("application/pdf");
    assertThat(json.get("upload_to").asText()).isEqualTo("uploads");
    assertThat(json.get("created_at").asText()).isEqualTo("2013-05-24T00:00:00Z");
    assertThat(json.get("expires_at").asText()).isEqualTo("2013-05-24T01:00:00Z");
    JsonNode post = json.get("presigned_post_data");
    assertThat(post.get("url").asText()).isEqualTo("https://bench-bucket.s3.amazonaws.com/");
    assertThat(post.get("fields").get("key").asText())
        .isEqualTo("media/uploads/" + hex + "-lorem-ipsum.pdf");
    assertThat(post.get("fields").get("x-amz-credential").asText())
        .isEqualTo("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request");
    String policy =
        new String(
            Base64.getDecoder().decode(post.get("fields").get("policy").asText()),
            StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("[\"content-length-range\",77000,77000]")
        .contains("\"expiration\":\"2013-05-24T01:00:00Z\"");
    assertThat(run.out()).doesNotContain(AWS_EXAMPLE.secretAccessKey());
  }

  @Test
  void putMethodPrintsAPresignedPut() throws Exception {
    Run run =
        run(
            AWS_EXAMPLE,
            "--bucket",
            "b-1",
            "--file-name",
            "a.png",
            "--size",
            "10",
            "--method",
            "put",
            "--endpoint",
            "http://127.0.0.1:9000",
            "--now",
            "2013-05-24T00:00:00Z");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode put = run.json().get("presigned_put_data");
    assertThat(put.get("url").asText())
        .startsWith("http://127.0.0.1:9000/b-1/media/uploads/")
        .contains("X-Amz-Signature=");
    assertThat(put.get("headers").get("Content-Type").asText()).isEqualTo("image/png");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no bucket|--file-name a.pdf --size 1|--bucket is required",
        "no size|--bucket b-1 --file-name a.pdf|--size is required",
        "zero size|--bucket b-1 --file-name a.pdf --size 0|--size must be a whole number from 1",
        "text size|--bucket b-1 --file-name a.pdf --size lots|--size must be a whole number",
        "long expiry|--bucket b-1 --file-name a.pdf --size 1 --expires-in 604801|--expires-in must be a whole number from 1 to 604800",
        "bad method|--bucket b-1 --file-name a.pdf --size 1 --method GET|--method must be POST or PUT",
        "unknown option|--bucket b-1 --file-name a.pdf --size 1 --acl public|unknown option --acl",
        "bad endpoint|--bucket b-1 --file-name a.pdf --size 1 --endpoint ftp://x|--endpoint: endpoint must be an http:// or https:// URL",
        "endpoint not a URL|--bucket b-1 --file-name a.pdf --size 1 --endpoint a^b|--endpoint: Illegal character",
        "bad region|--bucket b-1 --file-name a.pdf --size 1 --region US|--region: region must be lowercase letters",
        "bad upload-to|--bucket b-1 --file-name a.pdf --size 1 --upload-to ../etc|--upload-to: must be 1 to 256 characters",
        "bad key-prefix|--bucket b-1 --file-name a.pdf --size 1 --key-prefix ../|--key-prefix: must be empty, or at most 256 characters",
        "bad content type|--bucket b-1 --file-name a.pdf --size 1 --content-type nonsense|--content-type: must be a media type",
        "bad bucket|--bucket B --file-name a.pdf --size 1|--bucket: must be 3 to 63 lowercase letters",
        "bad now|--bucket b-1 --file-name a.pdf --size 1 --now yesterday|--now must be a UTC instant",
        "missing value|--bucket|--bucket needs a value",
      })
  void badArgumentsExitTwoWithOneLineNamingTheArgument(String name, String args, String expected) {
    Run run = run(AWS_EXAMPLE, args.split(" "));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .contains(expected)
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void optionsOfUploadFieldsAreNamedByTheFieldTable() {
    Set<String> declared =
        SignCommand.OPTIONS.stream().map(CommandLine.Option::name).collect(Collectors.toSet());
    Set<String> ofFields =
        Arrays.stream(UploadField.values())
            .flatMap(field -> field.cliOption().stream())
            .collect(Collectors.toSet());

    assertThat(declared).containsAll(ofFields);
    assertThat(declared.stream().filter(name -> !ofFields.contains(name)))
        .containsExactlyInAnyOrder("path-style", "now", "help");
  }

  @Test
  void helpListsEveryOption() {
    Run run = run(AWS_EXAMPLE, "--help");
    assertThat(run.exitCode()).isZero();
    for (CommandLine.Option option : SignCommand.OPTIONS) {
      assertThat(run.out()).contains("--" + option.name());
    }
  }

  @Test
  void missingCredentialsExitOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SignCommand(
                () -> {
                  throw new SignCommand.CredentialsUnavailableException("no AWS credentials found");
                },
                Map.of(),
                UploadPlanner.create())
            .run(
                List.of("--bucket", "b-1", "--file-name", "a", "--size", "1"),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no AWS credentials found");
  }

  @Test
  void cliOutputUsedAsIsUploadsToS3Proxy() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.startTransient()) {
      s3.createBucket("cli-bucket");
      byte[] content = "cli upload".getBytes(StandardCharsets.UTF_8);
      Run run =
          run(
              s3.credentials(),
              "--bucket",
              "cli-bucket",
              "--file-name",
              "Résumé final.TXT",
              "--size",
              String.valueOf(content.length),
              "--endpoint",
              s3.endpoint());
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode post = run.json().get("presigned_post_data");
      Map<String, String> fields =
          new ObjectMapper()
              .convertValue(
                  post.get("fields"), new com.fasterxml.jackson.core.type.TypeReference<>() {});

      HttpResponse<String> response =
          new MultipartForm()
              .fields(fields)
              .file("Résumé final.TXT", "text/plain", content)
              .postTo(post.get("url").asText());

      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
      String key = fields.get("key");
      assertThat(key).matches("media/uploads/[0-9a-f]{32}-resume-final\\.txt");
      assertThat(s3.client().getObjectAsBytes(b -> b.bucket("cli-bucket").key(key)).asByteArray())
          .isEqualTo(content);
    }
  }
}

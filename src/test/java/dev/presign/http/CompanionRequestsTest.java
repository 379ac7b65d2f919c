package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.uploads.ClientPart;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the Companion routes read from Uppy's requests: the {@code metadata[k]} query of {@code
 * /s3/params}, the JSON of {@code /s3/multipart}, part numbers and part lists, and the key that
 * names the upload. Every refusal names the parameter as Uppy sends it.
 */
class CompanionRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ContentTypePolicy TYPES = new ContentTypePolicy();
  private static final String SIZE_RULE =
      "must be the file's exact size in bytes: set it in Uppy's file.meta (for example"
          + " uppy.on('file-added', f => uppy.setFileMeta(f.id, {size: f.size})))";
  private static final String PART_RANGE = "must be a whole number from 1 to 10000";

  /** A query as Uppy 6 builds it: filename, type, then metadata[k] for every meta field. */
  private static MultiMap query(String... pairs) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      query.add(pairs[i], pairs[i + 1]);
    }
    return query;
  }

  @Test
  void uppysQueryKeepsOnlyTheAppsMetadata() {
    CompanionCreate create =
        CompanionCreate.fromQuery(
            query(
                "filename", "Résumé 2024.pdf",
                "type", "application/pdf",
                "metadata[relativePath]", "null",
                "metadata[name]", "Résumé 2024.pdf",
                "metadata[type]", "application/pdf",
                "metadata[size]", "77000",
                "metadata[caption]", "holiday"),
            TYPES);
    assertThat(create)
        .isEqualTo(
            new CompanionCreate(
                "Résumé 2024.pdf", "application/pdf", 77000, Map.of("caption", "holiday")));
    CreateUploadBody body = create.toBody("images", false);
    assertThat(body.originalFileName()).isEqualTo("Résumé 2024.pdf");
    assertThat(body.fileSize()).isEqualTo(77000);
    assertThat(body.uploadClass()).isEqualTo("images");
    assertThat(body.namespace()).isNull();
    assertThat(body.multipart()).isFalse();
    assertThat(body.metadata()).isEqualTo(Map.of("caption", "holiday"));
  }

  @Test
  void anEmptyTypeLeavesItToTheExtensionAndNoMetadataIsNull() {
    CompanionCreate create =
        CompanionCreate.fromQuery(
            query("filename", "a.bin", "type", "", "metadata[size]", "5"), TYPES);
    assertThat(create).isEqualTo(new CompanionCreate("a.bin", null, 5, null));
  }

  @Test
  void uppy6sJsonBodyWithNumbersAndNulls() throws Exception {
    CompanionCreate create =
        CompanionCreate.fromJson(
            JSON.readTree(
                "{\"filename\": \"big.mp4\", \"type\": \"video/mp4\", \"metadata\": {\"name\":"
                    + " \"big.mp4\", \"type\": \"video/mp4\", \"relativePath\": null, \"size\":"
                    + " 6442450944, \"album\": 7}}"),
            TYPES);
    assertThat(create)
        .isEqualTo(new CompanionCreate("big.mp4", "video/mp4", 6442450944L, Map.of("album", "7")));
    assertThat(create.toBody(null, true).multipart()).isTrue();
  }

  static Stream<Arguments> refusedQueries() {
    String metadataRule =
        " (size, name, type and relativePath are not stored; Uppy's allowedMetaFields option"
            + " chooses what is sent)";
    return Stream.of(
        Arguments.of(
            "no filename",
            query("type", "text/plain", "metadata[size]", "1"),
            "filename",
            "is required: the file's name"),
        Arguments.of(
            "an empty filename",
            query("filename", "", "metadata[size]", "1"),
            "filename",
            "is required: the file's name"),
        Arguments.of(
            "two filenames",
            query("filename", "a", "filename", "b", "metadata[size]", "1"),
            "filename",
            "must be given once"),
        Arguments.of(
            "a filename of 4097 characters",
            query("filename", "a".repeat(4097), "metadata[size]", "1"),
            "filename",
            "must be 1 to 4096 characters"),
        Arguments.of(
            "a type that is none",
            query("filename", "a", "type", "nonsense", "metadata[size]", "1"),
            "type",
            "must be a media type such as application/pdf or image/png (type/subtype, visible"
                + " ASCII, at most 255 characters)"),
        Arguments.of(
            "no size", query("filename", "a"), "metadata[size]", "is required: " + SIZE_RULE),
        Arguments.of(
            "a size that is no number",
            query("filename", "a", "metadata[size]", "12kB"),
            "metadata[size]",
            SIZE_RULE),
        Arguments.of(
            "a negative size",
            query("filename", "a", "metadata[size]", "-1"),
            "metadata[size]",
            SIZE_RULE),
        Arguments.of(
            "size zero",
            query("filename", "a", "metadata[size]", "0"),
            "metadata[size]",
            "must be at least 1 byte"),
        Arguments.of(
            "a size over 5 GiB for one POST",
            query("filename", "a", "metadata[size]", "5368709121"),
            "metadata[size]",
            "is over 5368709120 bytes (5 GiB), the most one POST or PUT can carry: upload it in"
                + " parts (POST /s3/multipart; Uppy does so with shouldUseMultipart)"),
        Arguments.of(
            "a size given twice",
            query("filename", "a", "metadata[size]", "1", "metadata[size]", "1"),
            "metadata[size]",
            "must be given once"),
        Arguments.of(
            "a size in two cases",
            query("filename", "a", "metadata[size]", "1", "metadata[Size]", "2"),
            "metadata[size]",
            "must be given once"),
        Arguments.of(
            "a metadata key S3 does not take",
            query("filename", "a", "metadata[size]", "1", "metadata[my key]", "v"),
            "metadata",
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got 'my key'"
                + metadataRule),
        Arguments.of(
            "a metadata value that is not ASCII",
            query("filename", "a", "metadata[size]", "1", "metadata[caption]", "été"),
            "metadata",
            "the value of 'caption' must be printable ASCII" + metadataRule),
        Arguments.of(
            "65 metadata parameters",
            manyMetadata(65),
            "metadata",
            "must have at most 64 metadata[...] parameters"),
        Arguments.of(
            "33 stored metadata entries",
            manyMetadata(34),
            "metadata",
            "must have at most 32 entries" + metadataRule));
  }

  private static MultiMap manyMetadata(int count) {
    MultiMap query = query("filename", "a", "metadata[size]", "1");
    IntStream.range(1, count).forEach(i -> query.add("metadata[k" + i + "]", "v"));
    return query;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedQueries")
  void refusedQueryNamesTheParameter(String name, MultiMap query, String field, String message) {
    assertRefused(() -> CompanionCreate.fromQuery(query, TYPES), field, message);
  }

  static Stream<Arguments> refusedBodies() {
    return Stream.of(
        Arguments.of(
            "not an object",
            "[]",
            "non_field_errors",
            "the request body must be a JSON object such as {\"filename\": \"a.mp4\", \"type\":"
                + " \"video/mp4\", \"metadata\": {\"size\": \"104857600\"}}"),
        Arguments.of(
            "a filename that is a number",
            "{\"filename\": 1, \"metadata\": {\"size\": 1}}",
            "filename",
            "must be a string"),
        Arguments.of(
            "metadata that is a list",
            "{\"filename\": \"a\", \"metadata\": [1]}",
            "metadata",
            "must be an object of at most 64 values"),
        Arguments.of(
            "a metadata value that is an object",
            "{\"filename\": \"a\", \"metadata\": {\"size\": 1, \"tags\": {\"a\": 1}}}",
            "metadata[tags]",
            "must be a string, a number or a boolean"),
        Arguments.of(
            "a size over 5 TiB",
            "{\"filename\": \"a\", \"metadata\": {\"size\": 5497558138881}}",
            "metadata[size]",
            "is over 5497558138880 bytes (5 TiB), the most one S3 object can hold"),
        Arguments.of(
            "a fractional size",
            "{\"filename\": \"a\", \"metadata\": {\"size\": 1.5}}",
            "metadata[size]",
            SIZE_RULE),
        Arguments.of(
            "no size",
            "{\"filename\": \"a\", \"type\": \"video/mp4\", \"metadata\": {}}",
            "metadata[size]",
            "is required: " + SIZE_RULE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedBodies")
  void refusedBodyNamesTheField(String name, String body, String field, String message) {
    assertRefused(() -> CompanionCreate.fromJson(JSON.readTree(body), TYPES), field, message);
  }

  static Stream<Arguments> partNumbers() {
    return Stream.of(
        Arguments.of("1", List.of(1)),
        Arguments.of("3,1,2", List.of(3, 1, 2)),
        Arguments.of("10000", List.of(10000)),
        Arguments.of(" 7", List.of(7)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partNumbers")
  void partNumbersInTheOrderGiven(String raw, List<Integer> numbers) {
    assertThat(CompanionParts.batch(raw)).isEqualTo(numbers);
  }

  static Stream<Arguments> badPartNumbers() {
    return Stream.of(
        Arguments.of(
            null, "partNumbers", "is required: part numbers separated by commas, e.g. 1,2"),
        Arguments.of("", "partNumbers", "is required: part numbers separated by commas, e.g. 1,2"),
        Arguments.of("0", "partNumbers", PART_RANGE),
        Arguments.of("10001", "partNumbers", PART_RANGE),
        Arguments.of("1,,2", "partNumbers", PART_RANGE),
        Arguments.of("1,", "partNumbers", PART_RANGE),
        Arguments.of("-1", "partNumbers", PART_RANGE),
        Arguments.of("1e3", "partNumbers", PART_RANGE),
        Arguments.of("99999999999", "partNumbers", PART_RANGE),
        Arguments.of("2,2", "partNumbers", "lists part 2 twice"),
        Arguments.of(
            IntStream.rangeClosed(1, 1001)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(",")),
            "partNumbers",
            "must list at most 1000 part numbers"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badPartNumbers")
  void badPartNumbersNameTheParameter(String raw, String field, String message) {
    assertRefused(() -> CompanionParts.batch(raw), field, message);
  }

  static Stream<Arguments> badPartNumber() {
    return Stream.of(
        Arguments.of("0"), Arguments.of("10001"), Arguments.of("batch"), Arguments.of("1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPartNumber")
  void aBadPartNumberInThePathNamesIt(String raw) {
    assertRefused(() -> CompanionParts.single(raw), "partNumber", PART_RANGE);
    assertThat(CompanionParts.single("10000")).isEqualTo(10000);
  }

  @Test
  void completedPartsAsUppySendsThem() throws Exception {
    assertThat(
            CompanionParts.completed(
                JSON.readTree(
                    "{\"parts\": [{\"PartNumber\": 2, \"ETag\": \"\\\"b\\\"\"}, {\"PartNumber\":"
                        + " 1, \"ETag\": \"a\"}]}")))
        .containsExactly(new ClientPart(2, "\"b\""), new ClientPart(1, "a"));
  }

  static Stream<Arguments> badParts() {
    String shape =
        "must be an array of {\"PartNumber\": 1, \"ETag\": \"...\"} objects, one per part, at"
            + " most 10000";
    return Stream.of(
        Arguments.of("{}", shape),
        Arguments.of("{\"parts\": []}", shape),
        Arguments.of("{\"parts\": {}}", shape),
        Arguments.of("{\"parts\": [{\"PartNumber\": \"1\", \"ETag\": \"a\"}]}", shape),
        Arguments.of("{\"parts\": [{\"PartNumber\": 1.5, \"ETag\": \"a\"}]}", shape),
        Arguments.of("{\"parts\": [{\"PartNumber\": 1}]}", shape),
        Arguments.of("{\"parts\": [{\"PartNumber\": 1, \"ETag\": \"\"}]}", shape),
        Arguments.of("{\"parts\": [1]}", shape),
        Arguments.of(
            "{\"parts\": [{\"PartNumber\": 0, \"ETag\": \"a\"}]}", "PartNumber " + PART_RANGE),
        Arguments.of(
            "{\"parts\": [{\"PartNumber\": 1, \"ETag\": \"a\"}, {\"PartNumber\": 1, \"ETag\":"
                + " \"a\"}]}",
            "lists part 1 twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badParts")
  void badPartListsNameParts(String body, String message) {
    assertRefused(() -> CompanionParts.completed(JSON.readTree(body)), "parts", message);
  }

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of(
            "media/uploads/0123456789abcdef0123456789abcdef-a.pdf",
            "01234567-89ab-cdef-0123-456789abcdef"),
        Arguments.of(
            "0123456789abcdef0123456789abcdef-file", "01234567-89ab-cdef-0123-456789abcdef"),
        Arguments.of("media/uploads/0123456789ABCDEF0123456789abcdef-a.pdf", null),
        Arguments.of("media/uploads/0123456789abcdef0123456789abcdef", null),
        Arguments.of("media/uploads/0123456789abcdef0123456789abcdef_a", null),
        Arguments.of("0123456789abcdef0123456789abcdef-a/b", null),
        Arguments.of("", null));
  }

  /** The upload's id comes from the key's file name, never from a status a tenant can write. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("keys")
  void theIdInAKey(String key, String id) {
    assertThat(CompanionUploads.idIn(key).orElse(null)).isEqualTo(id);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            400,
            Map.of("errors", Map.of("file_size", "must not exceed the class's 10 MiB")),
            map(
                "error", "bad_request",
                "message", "metadata[size]: must not exceed the class's 10 MiB",
                "errors", Map.of("metadata[size]", "must not exceed the class's 10 MiB"))),
        Arguments.of(
            404,
            Map.of("detail", "Not found."),
            map("error", "not_found", "message", "Not found.")),
        Arguments.of(
            409,
            Map.of("errors", Map.of("status", "the upload is complete")),
            map(
                "error", "conflict",
                "message", "status: the upload is complete",
                "errors", Map.of("status", "the upload is complete"))),
        Arguments.of(
            503,
            map("detail", "not signed within 10s", "id", "u-1"),
            map("error", "unavailable", "message", "not signed within 10s", "id", "u-1")),
        Arguments.of(
            429,
            Map.of("detail", "Request was throttled"),
            map("error", "too_many_requests", "message", "Request was throttled")));
  }

  /** Companion's shape: error and message (what Uppy shows), the API's fields in Uppy's names. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorsInCompanionsShape(int status, Map<String, Object> api, Map<String, Object> expected) {
    assertThat(CompanionErrors.body(status, api)).containsExactlyEntriesOf(expected);
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body()).isEqualTo(Map.of("errors", Map.of(field, message)));
            });
  }
}

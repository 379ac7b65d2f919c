package dev.presign.local;

import java.nio.file.Path;

/**
 * What local mode prints: where things run and curl lines that work as printed, each printing one
 * line (an upload to S3 answers 204 with no body, so that step prints the status it got).
 */
final class Instructions {
  private Instructions() {}

  static String text(String api, String s3, String token, Path data) {
    return text(api, s3, null, token, data);
  }

  /**
   * @param page the demo page's URL, or null when none is served
   */
  static String text(String api, String s3, String page, String token, Path data) {
    return String.join(
        "\n",
        "",
        "presign-operator is running locally (Ctrl-C stops it):",
        page == null
            ? "  Demo page    (not served)"
            : "  Demo page    " + page + "   (open it in a browser: drop a file, watch it upload)",
        "  HTTP API     " + api + "   (token: " + token + ", namespace default)",
        "  S3 (S3Proxy) " + s3 + "/uploads   (files in " + data.toAbsolutePath() + ")",
        "  Kubernetes   an in-memory mock API server with a default UploadClass",
        "",
        "Try it from another terminal:",
        "",
        "  printf 'hello, presign\\n' > hello.txt",
        "  curl -sS -w '\\n' -X POST "
            + api
            + "/api/v1/uploads/ -H 'Authorization: Bearer "
            + token
            + "' \\",
        "       -H 'Content-Type: application/json' -d '{\"original_file_name\": \"hello.txt\", \"file_size\": \"15\"}' | tee upload.json",
        "  curl -sS -o /dev/null -w 'S3 answered %{http_code}\\n' $(python3 -c 'import json; d=json.load(open(\"upload.json\"))[\"presigned_post_data\"]; print(\" \".join(\"-F \" + k + \"=\" + v for k, v in d[\"fields\"].items()), d[\"url\"])') -F file=@hello.txt",
        "  ID=$(python3 -c 'import json; print(json.load(open(\"upload.json\"))[\"id\"])'); echo \"id $ID\"",
        "  curl -sS -w '\\n' -X POST "
            + api
            + "/api/v1/uploads/$ID/complete -H 'Authorization: Bearer "
            + token
            + "'",
        "  curl -sS -w '\\n' "
            + api
            + "/api/v1/uploads/$ID/download-url -H 'Authorization: Bearer "
            + token
            + "'",
        "",
        "Health: "
            + api
            + "/healthz   Metrics: "
            + api
            + "/metrics   OpenAPI: "
            + api
            + "/openapi.yaml",
        "");
  }
}

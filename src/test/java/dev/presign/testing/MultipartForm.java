package dev.presign.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a browser's {@code fetch(url, {method: "POST", body: formData})} sends: fields, then the
 * file.
 */
public final class MultipartForm {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private byte[] file = new byte[0];
  private String fileName = "file.bin";
  private String fileContentType = "application/octet-stream";

  public MultipartForm fields(Map<String, String> values) {
    fields.putAll(values);
    return this;
  }

  public MultipartForm field(String name, String value) {
    fields.put(name, value);
    return this;
  }

  public MultipartForm file(String name, String contentType, byte[] content) {
    this.fileName = name;
    this.fileContentType = contentType;
    this.file = content;
    return this;
  }

  public HttpResponse<String> postTo(String url) throws Exception {
    String boundary = "----presign" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      write(body, "--" + boundary + "\r\n");
      write(body, "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n");
      write(body, field.getValue() + "\r\n");
    }
    write(body, "--" + boundary + "\r\n");
    write(body, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n");
    write(body, "Content-Type: " + fileContentType + "\r\n\r\n");
    body.write(file);
    write(body, "\r\n--" + boundary + "--\r\n");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}

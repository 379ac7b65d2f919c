package dev.presign.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API requests the mock server served during a run, grouped by method and path shape (request
 * names replaced by {name}, query strings dropped except that a watch is marked), per
 * UploadRequest.
 */
final class RequestProfile {
  private static final Pattern REQUEST_NAME = Pattern.compile("/uploadrequests/bench-\\d+");
  private static final Pattern EVENT_NAME = Pattern.compile("/events/[^/?]+");

  private final Map<String, Long> counts;
  private final int uploadRequests;

  private RequestProfile(Map<String, Long> counts, int uploadRequests) {
    this.counts = counts;
    this.uploadRequests = uploadRequests;
  }

  static RequestProfile of(List<String> requests, int uploadRequests) {
    Map<String, Long> counts =
        requests.stream()
            .map(RequestProfile::shape)
            .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    return new RequestProfile(counts, uploadRequests);
  }

  static String shape(String request) {
    int query = request.indexOf('?');
    String path = query < 0 ? request : request.substring(0, query);
    boolean watch = query >= 0 && request.substring(query).contains("watch=true");
    path = REQUEST_NAME.matcher(path).replaceAll("/uploadrequests/{name}");
    path = EVENT_NAME.matcher(path).replaceAll("/events/{name}");
    return watch ? path + " (watch)" : path;
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  String describe() {
    StringBuilder out = new StringBuilder();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                out.append(
                    String.format(
                        "    %7d  %5.2f per UploadRequest  %s%n",
                        e.getValue(), e.getValue() / (double) uploadRequests, e.getKey())));
    out.append(
        String.format(
            "    %7d  %5.2f per UploadRequest  (all)%n",
            total(), total() / (double) uploadRequests));
    return out.toString();
  }
}

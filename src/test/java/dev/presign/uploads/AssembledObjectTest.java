package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.s3.StoredObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** After a complete S3 did not confirm: is the object at the key this upload, assembled? */
class AssembledObjectTest {
  private static final long SIZE = 10_486_760; // two parts: 5 MiB and 1000 bytes
  private static final int PARTS = 2;

  @ParameterizedTest(name = "{0}: size {1}, ETag {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nothing at the key                 | -1       | -                                      | ABSENT",
        "assembled, multipart ETag          | 10486760 | 3858f62230ac3c915f300c664312c11f-2     | ASSEMBLED",
        "assembled, quoted multipart ETag   | 10486760 | \"3858f62230ac3c915f300c664312c11f-2\" | ASSEMBLED",
        "assembled, a store without -N ETag | 10486760 | 3858f62230ac3c915f300c664312c11f       | ASSEMBLED",
        "assembled, no ETag at all          | 10486760 |                                        | ASSEMBLED",
        "another part count                 | 10486760 | 3858f62230ac3c915f300c664312c11f-3     | OTHER",
        "a shorter object                   | 5242880  | 3858f62230ac3c915f300c664312c11f-2     | OTHER",
        "a longer object                    | 10486761 | 3858f62230ac3c915f300c664312c11f       | OTHER",
        "an empty object                    | 0        | d41d8cd98f00b204e9800998ecf8427e       | OTHER",
      })
  void judgesTheObjectFound(String what, long size, String etag, AssembledObject.Verdict expected) {
    Optional<StoredObject> found =
        size < 0
            ? Optional.empty()
            : Optional.of(
                new StoredObject(
                    size, etag, "video/mp4", Instant.parse("2026-12-05T06:00:00Z"), null));

    assertThat(AssembledObject.judge(found, SIZE, PARTS)).as(what).isEqualTo(expected);
  }
}

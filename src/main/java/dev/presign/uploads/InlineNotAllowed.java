package dev.presign.uploads;

import dev.presign.naming.InlineTypes;
import dev.presign.signing.EchoSafeText;
import java.util.TreeSet;

/**
 * A download link was asked to be shown {@code inline} for a type a browser would run or render as
 * a page; such links are always attachments. The message says which types may be inline.
 */
public final class InlineNotAllowed extends RuntimeException {
  public InlineNotAllowed(String contentType) {
    super(
        "inline is allowed only for "
            + String.join(", ", new TreeSet<>(InlineTypes.INLINE_SAFE))
            + "; "
            + EchoSafeText.of(contentType, 128)
            + " is always downloaded as an attachment",
        null,
        false,
        false);
  }
}

package dev.presign.uploads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * Puts one class's rule into a bucket's CORS rules and keeps every other rule as it was.
 *
 * <p>Order matters: S3 answers a request with the first rule that matches its origin and method, so
 * an older rule for the same origin that exposes no ETag would hide the operator's rule. The
 * operator's rules (IDs starting {@value OwnedRuleId#PREFIX}) therefore come first, sorted by ID so
 * that classes sharing a bucket agree on one order instead of rewriting it in turn; the bucket's
 * other rules follow in their own order.
 */
public final class CorsRuleMerger {

  /** The rules to write, or empty when {@code existing} already is that list. */
  public Optional<List<CORSRule>> merge(List<CORSRule> existing, CORSRule ours) {
    List<CORSRule> owned = new ArrayList<>();
    List<CORSRule> others = new ArrayList<>();
    for (CORSRule rule : existing) {
      if (ours.id().equals(rule.id())) {
        continue;
      }
      (OwnedRuleId.isOwned(rule.id()) ? owned : others).add(rule);
    }
    owned.add(ours);
    owned.sort(Comparator.comparing(CORSRule::id));
    List<CORSRule> merged = new ArrayList<>(owned);
    merged.addAll(others);
    return merged.equals(existing) ? Optional.empty() : Optional.of(List.copyOf(merged));
  }
}

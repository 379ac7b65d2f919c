package dev.presign.api.v1alpha1.schema;

import java.util.ArrayList;

/** Schema of a {@code List<Condition>}: an array of {@link ConditionSchema}. */
public final class ConditionListSchema extends ArrayList<ConditionSchema> {

  private static final long serialVersionUID = 1L;

  private ConditionListSchema() {}
}

/**
 * Schema-only mirrors of upstream Kubernetes types, used with {@code @SchemaFrom} so that the
 * generated CRDs document every field ({@code kubectl explain}). fabric8's model classes carry no
 * descriptions. The Java model keeps using the fabric8 types; these classes are never instantiated
 * and must stay field-for-field compatible with the types they describe.
 */
package dev.presign.api.v1alpha1.schema;

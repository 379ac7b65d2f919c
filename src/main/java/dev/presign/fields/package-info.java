/**
 * The upload's input fields in a neutral vocabulary: which field ({@link
 * dev.presign.fields.UploadField}) and what it may hold ({@link dev.presign.fields.FieldLimits}).
 *
 * <p>A leaf package: it imports nothing else of the project, so the pure packages ({@code signing},
 * {@code naming}) and every edge (the CRD model, the upload domain, the HTTP API, the CLI) can
 * depend on it without a cycle.
 */
package dev.presign.fields;

/**
 * Pure naming rules: slugs, upload file names, S3 object keys and content types.
 *
 * <p>Nothing here knows about Kubernetes or AWS, so the rules that keep a user-supplied file name
 * inside its key prefix can be tested exhaustively on their own. See {@code docs/naming.md}.
 */
package dev.presign.naming;

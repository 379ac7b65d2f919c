package dev.presign.naming;

import java.util.UUID;

/**
 * Where one upload goes and what it is: the seed's {@code file_name}, the normalised {@code
 * upload_to}, the object key and the content type the signature will pin.
 */
public record UploadPlan(
    UUID id, String fileName, String uploadTo, String key, String contentType) {}

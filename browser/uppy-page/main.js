// The page an app would write with Uppy: @uppy/core and @uppy/aws-s3 6.x in Companion mode, its
// companionEndpoint on the app's own origin, where the app backend forwards to the operator's
// Companion routes with the app's token. The browser sends no token and no custom header.
//
// For the tests, the page records what Uppy reports in window.harness.events, and its query
// string can ask for multipart on a small file (?multipart=always) and a pause after N parts
// (?pauseAfterParts=N: the upload stops where a closed tab would leave it).
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';

/** The app backend's path for the operator's Companion mount (Uppy appends /s3/...). */
const COMPANION_ENDPOINT = `${location.origin}/api/v1/companion`;

const options = new URLSearchParams(location.search);
const pauseAfterParts = Number(options.get('pauseAfterParts') || 0);

const events = [];
const record = (type, details = {}) => {
  events.push({ type, ...details });
  document.getElementById('log').textContent += `${type} ${JSON.stringify(details)}\n`;
};

const uppy = new Uppy({ autoProceed: false });
uppy.use(AwsS3, {
  companionEndpoint: COMPANION_ENDPOINT,
  // Uppy's own default (multipart above 100 MiB) unless the test asks for multipart.
  ...(options.get('multipart') === 'always' ? { shouldUseMultipart: true } : {}),
  // The operator needs the exact size (metadata[size]); nothing else of file.meta is sent.
  allowedMetaFields: ['size'],
});

uppy.on('file-added', (file) => uppy.setFileMeta(file.id, { size: file.size }));
uppy.on('s3-multipart:part-uploaded', (file, part) => {
  const done = events.filter((e) => e.type === 'part-uploaded').length + 1;
  record('part-uploaded', { partNumber: part.PartNumber });
  if (done === pauseAfterParts) {
    uppy.pauseResume(file.id);
    record('paused', { ...uppy.getFile(file.id).s3Multipart });
  }
});
uppy.on('upload-success', (file, response) =>
  record('upload-success', { key: response.body?.key, location: response.uploadURL }));
uppy.on('upload-error', (file, error) => record('upload-error', { message: error.message }));

/** Adds the picked file; with `resume`, continues that multipart upload (as Golden Retriever would). */
async function upload(resume) {
  const picked = document.getElementById('file').files[0];
  const id = uppy.addFile({ name: picked.name, type: picked.type, data: picked, source: 'test' });
  if (resume) uppy.setFileState(id, { s3Multipart: { uploadId: resume.uploadId, key: resume.key } });
  record('started', { name: picked.name, size: picked.size, resume: Boolean(resume) });
  const result = await uppy.upload();
  record('finished', {
    successful: (result?.successful || []).length,
    failed: (result?.failed || []).length,
  });
}

/** What a Cancel button does: Uppy aborts the multipart upload (DELETE /s3/multipart/...). */
function cancel() {
  uppy.cancelAll();
  record('cancelled');
}

window.harness = { events, upload, cancel };

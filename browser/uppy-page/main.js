// Placeholder until the Companion routes land; replaced by the Uppy test page.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';
window.Uppy = Uppy;
window.AwsS3 = AwsS3;

// Bundles the Uppy test page (uppy-page/main.js with @uppy/core and @uppy/aws-s3 from
// node_modules) into dist/, so the tests run offline once `npm ci` has run.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [join(here, 'uppy-page', 'main.js')],
  outfile: join(here, 'dist', 'uppy-page.js'),
  bundle: true,
  format: 'iife',
  target: 'chrome120',
  logLevel: 'warning',
});

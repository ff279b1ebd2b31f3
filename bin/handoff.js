#!/usr/bin/env node
// The CLI is compiled from src/ and bundled into one file by `npm run build` (run by `npm install`
// through `prepare`): one file loads about 100 ms faster than the many modules behind it.

// The AWS SDK warns on Node 20 that its releases after January 2027 will need Node 22: ten lines
// in every deploy log that say nothing about the deploy. A user who wants it can set the variable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('../lib/bundle/index.js');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The CLI is compiled from src/ and bundled into one file by `npm run build` (run by `npm install`
// through `prepare`): one file loads about 100 ms faster than the many modules behind it.
import { main } from '../lib/bundle/index.js';

process.exitCode = await main(process.argv.slice(2));

import path from 'node:path';
import * as core from '@actions/core';
import { buildHugoSite } from '../../hugo/build.js';
import { maskJobSecrets } from '../site-code.js';
import { readHugoBuildSettings } from './settings.js';

/** The hugo-build action: one Hugo build, its errors annotated on the files hugo blamed. */
export async function run(): Promise<void> {
  try {
    const settings = readHugoBuildSettings();
    maskJobSecrets(settings.siteCode);
    const { redactor, siteCodeEnv } = settings.siteCode;
    const report = await buildHugoSite(settings.build, { onLine: (line) => core.info(line), env: siteCodeEnv, redactor });
    const outputs = report.outputs;
    for (const error of outputs.errors) {
      core.error(error.message, {
        title: 'Hugo build error',
        ...(error.file ? { file: error.file } : {}),
        ...(error.line !== undefined ? { startLine: error.line } : {}),
        ...(error.column !== undefined ? { startColumn: error.column } : {}),
      });
    }
    for (const warning of outputs.warnings) {
      core.warning(warning.message, { title: 'Hugo warning', ...(warning.file ? { file: warning.file } : {}), ...(warning.line !== undefined ? { startLine: warning.line } : {}) });
    }
    core.setOutput('build-success', String(outputs.build_success));
    core.setOutput('file-count', String(outputs.file_count));
    core.setOutput('output-dir', path.relative(settings.workspace, outputs.output_dir) || '.');
    core.setOutput('duration-seconds', String(outputs.duration_seconds));
    core.setOutput('hugo-version', outputs.hugo_version ?? '');
    core.setOutput('errors', JSON.stringify(outputs.errors));
    core.setOutput('warnings', JSON.stringify(outputs.warnings));
    core.setOutput('error-category', report.error?.category ?? '');
    core.setOutput('next-step', report.error?.next_step ?? '');
    if (!outputs.build_success && settings.failOnError) {
      core.setFailed(report.error ? `${report.error.category}: ${report.error.message}. ${report.error.next_step}` : 'the Hugo build failed');
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

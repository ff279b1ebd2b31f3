import * as core from '@actions/core';
import { deploySite } from '../../deploy/deploy.js';
import { classifyFailure } from '../../errors/classify.js';
import { readDeploySettings } from './settings.js';

/** The deploy action: an incremental S3 sync, CloudFront invalidation and live check. */
export async function run(): Promise<void> {
  try {
    const settings = readDeploySettings();
    const report = await deploySite(settings.deploy);
    const outputs = report.outputs;
    core.info(report.summary);
    for (const warning of report.warnings) core.warning(warning);
    core.setOutput('deployment-success', String(outputs.deployment_success));
    core.setOutput('uploaded-files', String(outputs.uploaded_files));
    core.setOutput('skipped-files', String(outputs.skipped_files));
    core.setOutput('deleted-files', String(outputs.deleted_files));
    core.setOutput('bytes-uploaded', String(outputs.bytes_uploaded));
    core.setOutput('invalidation-id', outputs.invalidation_id ?? '');
    core.setOutput('invalidation-paths', JSON.stringify(outputs.invalidation_paths));
    core.setOutput('http-status', outputs.http_status === null ? '' : String(outputs.http_status));
    core.setOutput('summary', report.summary);
    core.setOutput('plan', JSON.stringify(report.plan));
    await core.summary.addRaw(`## handoff deploy\n\n${report.summary}\n`).write();
    if (report.failure) {
      const classified = classifyFailure({
        source: 'aws',
        message: report.failure.message,
        ...(report.failure.code ? { code: report.failure.code } : {}),
        ...(report.plan?.tooManyDeletes ? { tooManyDeletes: report.plan.tooManyDeletes } : {}),
      });
      core.setOutput('error-category', classified.category);
      if (settings.failOnError) core.setFailed(`${classified.category}: ${report.summary}. ${classified.next_step}`);
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

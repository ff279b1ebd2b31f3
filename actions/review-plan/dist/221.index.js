export const id = 221;
export const ids = [221];
export const modules = {

/***/ 2187:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ md5FromRemoteEtag),
/* harmony export */   Kt: () => (/* binding */ compareStrings),
/* harmony export */   MD: () => (/* binding */ DEFAULT_MAX_DELETES),
/* harmony export */   PN: () => (/* binding */ summarizePlan),
/* harmony export */   R4: () => (/* binding */ planSync),
/* harmony export */   pe: () => (/* binding */ UPLOAD_PHASES),
/* harmony export */   v8: () => (/* binding */ isKmsEncryption)
/* harmony export */ });
/* unused harmony exports md5FromEtag, uploadPhase, uploadReason */
/* harmony import */ var node_path_posix__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const UPLOAD_PHASES = ['assets', 'html', 'feeds'];
const DEFAULT_MAX_DELETES = 256;
/** The MD5 in an ETag when it is a plain single-part one (`"<32 hex>"`), else undefined. */
/** True for SSE-KMS (`aws:kms`, `aws:kms:dsse`), whose ETags are not MD5s of the body. */
function isKmsEncryption(encryption) {
    return encryption !== undefined && encryption.startsWith('aws:kms');
}
/** The body MD5 an object's ETag states, unless its encryption (or the caller) says the ETag is no MD5. */
function md5FromRemoteEtag(remote, trustEtagMd5) {
    return trustEtagMd5 && !isKmsEncryption(remote.encryption) ? md5FromEtag(remote.etag) : undefined;
}
function md5FromEtag(etag) {
    // S3's own form, `"<32 lower-case hex>"`, without building strings: it is asked for every
    // listed object, two or three times per deploy.
    if (etag.length === 34 && etag.charCodeAt(0) === QUOTE && etag.charCodeAt(33) === QUOTE) {
        const bare = etag.slice(1, 33);
        if (MD5_HEX.test(bare))
            return bare;
    }
    const bare = etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    return MD5_HEX.test(bare) ? bare : undefined;
}
const QUOTE = 0x22;
const MD5_HEX = /^[0-9a-f]{32}$/;
function uploadPhase(filePath) {
    const extension = node_path_posix__WEBPACK_IMPORTED_MODULE_0__.extname(filePath).slice(1).toLowerCase();
    if (extension === 'html' || extension === 'htm')
        return 'html';
    if (extension === 'xml' || extension === 'rss' || extension === 'atom')
        return 'feeds';
    return 'assets';
}
/** Why `file` must be uploaded over `remote`, or undefined when the stored object is the same. */
function uploadReason(file, remote, trustEtagMd5 = true) {
    if (!remote)
        return 'new';
    if (remote.size !== file.bodySize)
        return 'size-changed';
    const remoteMd5 = md5FromRemoteEtag(remote, trustEtagMd5) ?? remote.stored?.md5;
    if (!remoteMd5)
        return 'etag-unverifiable';
    if (remoteMd5 !== file.bodyMd5)
        return 'content-changed';
    const storedHeaders = remote.stored?.headersHash;
    if (storedHeaders !== undefined && storedHeaders !== file.headersHash)
        return 'headers-changed';
    return undefined;
}
/**
 * Compares the build output with the bucket listing and decides every upload (with its reason)
 * and delete. Pure: the same inputs always give the same plan, which is what a dry run prints.
 */
function planSync(local, remote, options) {
    const { prefix, trustEtagMd5 = true } = options;
    const maxDeletes = options.maxDeletes ?? DEFAULT_MAX_DELETES;
    const uploads = [];
    const localKeys = new Set();
    let skipped = 0;
    for (const file of local) {
        const key = prefix + file.path;
        localKeys.add(key);
        const reason = uploadReason(file, remote.get(key), trustEtagMd5);
        if (reason)
            uploads.push({ key, file, reason, phase: uploadPhase(file.path) });
        else
            skipped++;
    }
    uploads.sort((a, b) => UPLOAD_PHASES.indexOf(a.phase) - UPLOAD_PHASES.indexOf(b.phase) ||
        b.file.bodySize - a.file.bodySize ||
        compareStrings(a.key, b.key));
    const deletes = [];
    for (const key of remote.keys()) {
        if (localKeys.has(key) || !key.startsWith(prefix))
            continue;
        if (options.keep?.(key.slice(prefix.length)))
            continue;
        deletes.push(key);
    }
    deletes.sort(compareStrings);
    const plan = {
        prefix,
        uploads,
        deletes,
        skipped,
        bytesToUpload: uploads.reduce((sum, upload) => sum + upload.file.bodySize, 0),
    };
    if (deletes.length > maxDeletes)
        plan.tooManyDeletes = { count: deletes.length, limit: maxDeletes };
    return plan;
}
function summarizePlan(plan) {
    const summary = {
        uploads: plan.uploads.map((u) => ({ key: u.key, reason: u.reason, bytes: u.file.bodySize })),
        deletes: [...plan.deletes],
        skipped: plan.skipped,
        bytesToUpload: plan.bytesToUpload,
    };
    if (plan.tooManyDeletes)
        summary.tooManyDeletes = { ...plan.tooManyDeletes };
    return summary;
}
/** Code-unit order, the order S3 lists keys in, independent of the machine's locale. */
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=plan.js.map

/***/ }),

/***/ 6221:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  THROTTLED_DEPLOY_RETRY_DELAY_MS: () => (/* binding */ THROTTLED_DEPLOY_RETRY_DELAY_MS),
  buildForDeploy: () => (/* binding */ buildForDeploy),
  deployWorker: () => (/* binding */ deployWorker)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/clock.js
var lib_clock = __webpack_require__(8398);
// EXTERNAL MODULE: ./lib/config/sites.js
var sites = __webpack_require__(1247);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(9284);
// EXTERNAL MODULE: ./lib/errors/classify.js
var classify = __webpack_require__(4238);
// EXTERNAL MODULE: ./lib/result/find-results.js
var find_results = __webpack_require__(1362);
// EXTERNAL MODULE: ./lib/worker/build-worker.js + 3 modules
var build_worker = __webpack_require__(9488);
// EXTERNAL MODULE: ./lib/worker/deploy-plan.js
var deploy_plan = __webpack_require__(1042);
;// CONCATENATED MODULE: ./lib/config/site-url.js
/**
 * Where an environment's site is live, the one precedence every caller uses (the deploy's live
 * check, the run job's deployment URL, the production gate): the machine's override
 * (HANDOFF_SITE_URL, an action's site-url input, `--local-s3`), handoff.yml's site_url, the
 * task's own base_url (the site was built for it), then handoff.yml's base_url.
 */
function siteUrlOf(environment, more = {}) {
    return more.override ?? environment?.site_url ?? more.taskBaseUrl ?? environment?.base_url;
}
//# sourceMappingURL=site-url.js.map
// EXTERNAL MODULE: ./lib/deploy/plan.js
var plan = __webpack_require__(2187);
;// CONCATENATED MODULE: ./lib/worker/deploy-settings.js


/**
 * The deploy's settings from the task, its environment's handoff.yml entry and the machine's
 * overrides. Pure. The task decides what (its params); handoff.yml decides where (bucket, region,
 * distribution), so an agent's task file can never point a deploy at another bucket.
 */
function deploySettingsFor(task, sourceDir, environment, overrides, 
/** How messages name that environment in handoff.yml (`sites.<name>.environments.<env>` for a declared site). */
where = `environments.${task.environment}`) {
    const bucket = environment?.bucket ?? overrides.fallbackBucket;
    if (!bucket) {
        return {
            ok: false,
            message: `handoff.yml has no ${where}.bucket: there is nowhere to deploy ${task.environment} to`,
            next_step: `Escalate: ask the user to set ${where}.bucket (and region, distribution_id, site_url) in handoff.yml.`,
        };
    }
    const endpoint = overrides.s3Endpoint ?? environment?.s3_endpoint;
    const checksums = environment?.checksum_mode ?? (endpoint ? 'when-required' : 'when-supported');
    const url = siteUrlOf(environment, { override: overrides.siteUrl, taskBaseUrl: task.params.base_url }) ?? null;
    const params = task.params;
    const distributionId = params.invalidate === false || overrides.localServer ? null : (environment?.distribution_id ?? null);
    const settings = {
        sourceDir,
        bucket,
        prefix: environment?.key_prefix ?? '',
        s3: {
            region: environment?.region ?? 'us-east-1',
            ...(endpoint ? { endpoint } : {}),
            forcePathStyle: environment?.s3_force_path_style ?? Boolean(endpoint),
            requestChecksumCalculation: checksums === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
            ...credentialsOf(overrides),
        },
        maxDeletes: params.max_deletes ?? environment?.max_deletes ?? plan/* DEFAULT_MAX_DELETES */.MD,
        dryRun: overrides.dryRun === true || params.dry_run === true,
        cloudfront: {
            distributionId,
            wait: params.wait_for_invalidation ?? false,
            ...(overrides.cloudfrontEndpoint ? { endpoint: overrides.cloudfrontEndpoint } : {}),
        },
        url,
        liveCheck: { paths: params.check_paths ?? [] },
    };
    if (environment?.upload_concurrency !== undefined)
        settings.concurrency = environment.upload_concurrency;
    if (environment?.parallel_listing !== undefined)
        settings.parallelListing = environment.parallel_listing;
    if (overrides.verifyHeaders)
        settings.headEveryObject = true;
    return { ok: true, settings };
}
/** The keys of a server the edge started win over its environment's; with neither, the SDK chain. */
function credentialsOf(overrides) {
    const credentials = overrides.localServer?.credentials ?? overrides.environmentCredentials;
    return credentials ? { credentials } : {};
}
//# sourceMappingURL=deploy-settings.js.map
;// CONCATENATED MODULE: ./lib/worker/environment-targets.js
/** Each target and the variable of the GitHub environment that states it (`handoff doctor` checks the same names). */
const ENVIRONMENT_TARGET_VARIABLES = {
    bucket: 'HANDOFF_BUCKET',
    key_prefix: 'HANDOFF_KEY_PREFIX',
    distribution_id: 'HANDOFF_DISTRIBUTION_ID',
    role_arn: 'HANDOFF_ROLE_ARN',
    region: 'HANDOFF_REGION',
    allow_unprotected: 'HANDOFF_ALLOW_UNPROTECTED',
};
/**
 * The environment's settings with the environment variables' targets in them, or a refusal that
 * names both values where the repository states a different one.
 */
function withEnvironmentTargets(config, targets, where) {
    const entries = Object.entries(targets).filter(([, value]) => value !== undefined);
    if (entries.length === 0)
        return { ok: true, config };
    const differences = [];
    for (const [key, value] of entries) {
        const stated = config?.[key];
        if (stated !== undefined && stated !== value) {
            differences.push(`${where}.${key} is ${JSON.stringify(stated)} in the repository's settings, but the GitHub environment's ${ENVIRONMENT_TARGET_VARIABLES[key]} is ${JSON.stringify(value)}`);
        }
    }
    if (differences.length > 0)
        return { ok: false, message: `deploy refused, nothing deployed: ${differences.join('; ')}` };
    return { ok: true, config: { ...config, ...Object.fromEntries(entries) } };
}
//# sourceMappingURL=environment-targets.js.map
// EXTERNAL MODULE: ./lib/worker/prebuilt-tree.js
var prebuilt_tree = __webpack_require__(2709);
// EXTERNAL MODULE: ./lib/worker/source-choice.js
var source_choice = __webpack_require__(5784);
// EXTERNAL MODULE: ./lib/worker/worker-report.js
var worker_report = __webpack_require__(3311);
;// CONCATENATED MODULE: ./lib/worker/deploy-worker.js













/**
 * How long the worker waits before deploying once more after S3 still throttled it through the
 * SDK's retries (which back off for a few seconds at most): long enough for S3 to scale the
 * prefix's request rate up.
 */
const THROTTLED_DEPLOY_RETRY_DELAY_MS = 30_000;
async function deployWorker(roots, task, tools, site) {
    const { repoRoot, siteRoot } = roots;
    const clock = tools.clock ?? lib_clock/* monotonicClock */.V;
    const started = clock();
    if (!site.ok)
        return (0,worker_report/* invalidConfig */.qh)(site.problems);
    const reviewed = tools.reviewedPlan;
    if (reviewed && 'error' in reviewed) {
        const message = `deploy refused, nothing deployed: no plan was reviewed before approval (${reviewed.error})`;
        return { outputs: { deployment_success: false, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: message, error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the review job could not plan this deploy against the live bucket (see its summary); fix that, then submit the task again.') };
    }
    // The site's own environment: a deploy lists, uploads and deletes only under its bucket + prefix.
    const targeted = withEnvironmentTargets(tools.trustedEnvironment ?? (0,sites/* environmentOf */.p7)(site.site, task.environment), tools.environmentTargets ?? {}, (0,sites/* environmentPath */.FQ)(site.site, task.environment));
    if (!targeted.ok) {
        return { outputs: { deployment_success: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: targeted.message, error: (0,worker_report/* escalate */.rh)(targeted.message, 'Escalate: ask an admin which is right; the GitHub environment\'s variables decide, so correct handoff.yml (or the variable) and submit the task again.') };
    }
    const environment = targeted.config;
    let build;
    let builtDir;
    if (tools.prebuilt) {
        // Built by another job (no credentials there): nothing from the site runs here, its files are
        // checked against the digests the build and the review recorded.
        if ('error' in tools.prebuilt) {
            const message = `deploy refused, nothing deployed: ${tools.prebuilt.error}`;
            return { outputs: { deployment_success: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: message, error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the build job did not hand over its build; see its log, then submit the task again.') };
        }
        build = tools.prebuilt.report;
        builtDir = tools.prebuilt.siteDir;
        const mismatch = build.error ? undefined : await (0,prebuilt_tree/* prebuiltTreeMismatch */.wM)(tools.prebuilt, reviewed?.tree_digest);
        if (mismatch) {
            const message = `deploy refused, nothing deployed: ${mismatch}`;
            return { outputs: { ...build.outputs, deployment_success: false, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: [build.log, message].join('\n'), error: (0,worker_report/* escalate */.rh)(message, 'Escalate: what would ship is not what was built and reviewed; submit the task again.') };
        }
    }
    else {
        const built = await buildForDeploy(roots, task, tools, site);
        if ('refused' in built)
            return { ...built.refused, outputs: { ...built.refused.outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) } };
        build = built.report;
        builtDir = external_node_path_.resolve(siteRoot, String(build.outputs.output_dir));
    }
    const outputs = {
        ...build.outputs,
        build_duration_seconds: build.outputs.duration_seconds,
        deployment_success: false,
    };
    if (build.error)
        return { ...build, outputs: { ...outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) } };
    if (reviewed?.commit && outputs.source_commit !== reviewed.commit) {
        const message = `deploy refused, nothing deployed: it built ${String(outputs.source_commit)}, but the reviewer approved the plan of ${reviewed.commit}`;
        return { outputs: { ...outputs, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: [build.log, message].join('\n'), error: (0,worker_report/* escalate */.rh)(message, 'Escalate: what was approved is not what would ship; submit the task again so the plan is reviewed afresh.') };
    }
    const resolved = deploySettingsFor(task, builtDir, environment, tools.deployOverrides ?? {}, (0,sites/* environmentPath */.FQ)(site.site, task.environment));
    if (!resolved.ok) {
        return { outputs: { ...outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: build.log, error: (0,worker_report/* configError */.Fj)(resolved.message, resolved.next_step) };
    }
    if (!tools.deploySite)
        throw new Error('runWorker: a hugo-deploy task needs tools.deploySite');
    let reviewLog = '';
    if (reviewed && !resolved.settings.dryRun) {
        const replanned = await tools.deploySite({ ...resolved.settings, dryRun: true }, build.measuredTree ? { measured: build.measuredTree } : {});
        const sourceCommit = typeof outputs.source_commit === 'string' ? outputs.source_commit : null;
        const differences = replanned.plan
            ? (0,deploy_plan/* planDifferences */.AW)(reviewed, (0,deploy_plan/* reviewedPlanOf */.iZ)(task.id, sourceCommit, replanned.plan))
            : [`the plan could not be made again: ${replanned.failure?.message ?? 'unknown'}`];
        outputs.plan_matched = differences.length === 0;
        outputs.plan_differences = differences;
        reviewLog = differences.length === 0 ? 'the deploy matches the reviewed plan' : `the bucket or build changed since the reviewed plan: ${differences.join('; ')}`;
    }
    // The build's tree digest has walked the output and hashed every file: the deploy does neither again.
    const deployDeps = { ...(tools.onDeployProgress ? { onProgress: tools.onDeployProgress } : {}), ...(build.measuredTree ? { measured: build.measuredTree } : {}) };
    const deploy = () => tools.deploySite(resolved.settings, deployDeps);
    let report = await deploy();
    const deployLogs = [];
    // S3 asks to slow down per prefix and scales up within minutes: one more go after a pause often
    // completes, and uploads nothing twice (what went up the first time is skipped).
    if (report.failure && (0,aws_error/* isThrottling */.E2)(report.failure) && !report.dryRun) {
        const delay = THROTTLED_DEPLOY_RETRY_DELAY_MS;
        deployLogs.push(deployLog(report), `S3 throttled the deploy (${report.failure.code ?? report.failure.name}) after the SDK's retries; deploying once more in ${delay / 1000} s`);
        await (tools.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(delay);
        report = await deploy();
    }
    tools.onDeployReport?.(report);
    const live = report.liveCheck?.[0];
    Object.assign(outputs, report.outputs, {
        duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started),
        content_type: live?.content_type ?? null,
        dry_run: report.dryRun,
        summary: report.summary,
        invalidation_status: report.invalidation.status,
    });
    const log = [build.log, reviewLog, ...deployLogs, deployLog(report)].filter(Boolean).join('\n');
    if (!report.failure)
        return { outputs, log };
    return {
        outputs,
        log,
        error: (0,classify/* classifyFailure */.X)({ source: 'aws', message: `${report.failure.phase}: ${report.failure.message}`, ...(report.failure.code ? { code: report.failure.code } : { code: report.failure.name }) }),
    };
}
function deployLog(report) {
    const lines = [report.summary];
    const plan = report.plan;
    if (plan && report.dryRun) {
        for (const upload of plan.uploads)
            lines.push(`would upload ${upload.key} (${upload.reason})`);
        for (const key of plan.deletes)
            lines.push(`would delete ${key}`);
    }
    const invalidation = report.invalidation;
    lines.push(`invalidation: ${invalidation.status}${invalidation.id ? ` ${invalidation.id}` : ''}${invalidation.paths.length ? ` [${invalidation.paths.join(', ')}]` : ''}${invalidation.reason ? ` (${invalidation.reason})` : ''}`);
    for (const check of report.liveCheck ?? [])
        lines.push(`live check: GET ${check.url} -> ${check.http_status ?? check.error?.message ?? 'no answer'}`);
    lines.push(...report.warnings.map((warning) => `warning: ${warning}`));
    if (report.failure)
        lines.push(`failed in ${report.failure.phase}: ${report.failure.code ?? report.failure.name}: ${report.failure.message}`);
    return lines.join('\n');
}
/**
 * The build half of a deploy: the source it deploys (the checkout, or the commit a promote or
 * rollback names, checked out apart) built with hugo. Run by the deploy itself locally, and by the
 * workflow's build job on GitHub, whose result the deploy job takes as a prebuilt tree.
 */
async function buildForDeploy(roots, task, tools, site) {
    const { repoRoot, siteRoot } = roots;
    if (!site.ok)
        return { refused: (0,worker_report/* invalidConfig */.qh)(site.problems) };
    const environment = tools.trustedEnvironment ?? (0,sites/* environmentOf */.p7)(site.site, task.environment);
    const choice = (0,source_choice/* chooseSource */.LV)(task, {
        named: task.promote_from || task.rollback_to ? await (0,find_results/* readResultOf */.FW)(repoRoot, task.promote_from ?? task.rollback_to ?? '') : undefined,
        current: task.rollback_to ? (await (0,find_results/* successfulDeploys */.dC)(repoRoot, task.environment, site.resultSite)).find(({ result }) => result.task_id !== task.id) : undefined,
        now: (tools.now ?? lib_clock/* systemClock */.m)(),
        promoteMaxAgeHours: environment?.promote_max_age_hours,
        ...(site.resultSite !== undefined ? { site: site.resultSite } : {}),
    });
    if (!choice.ok) {
        return { refused: { outputs: { deployment_success: false }, log: choice.message, error: (0,worker_report/* escalate */.rh)(choice.message, choice.next_step) } };
    }
    let checkout;
    if (choice.kind === 'commit') {
        if (!tools.checkoutCommit)
            throw new Error('runWorker: a promote or rollback needs tools.checkoutCommit');
        try {
            checkout = await tools.checkoutCommit(siteRoot, choice.commit, task.id);
        }
        catch (error) {
            const message = `cannot check out ${choice.commit} to build it: ${error instanceof Error ? error.message : String(error)}`;
            return {
                refused: {
                    outputs: { deployment_success: false, ...choice.outputs },
                    log: message,
                    error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the commit is not in this clone; check out with full history (fetch-depth: 0) and submit the task again.'),
                },
            };
        }
    }
    let build;
    try {
        build = await (0,build_worker/* buildWorker */.D)(roots, task, tools, checkout && choice.kind === 'commit' ? { root: checkout.dir, commit: choice.commit } : undefined);
    }
    finally {
        await checkout?.remove();
    }
    if (choice.kind === 'commit')
        build = { ...build, log: [choice.log, build.log].filter(Boolean).join('\n'), outputs: { ...build.outputs, ...choice.outputs } };
    return { report: build };
}
//# sourceMappingURL=deploy-worker.js.map

/***/ })

};

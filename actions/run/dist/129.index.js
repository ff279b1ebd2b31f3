export const id = 129;
export const ids = [129];
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

/***/ 129:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  THROTTLED_DEPLOY_RETRY_DELAY_MS: () => (/* binding */ THROTTLED_DEPLOY_RETRY_DELAY_MS),
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
// EXTERNAL MODULE: ./lib/worker/build-worker.js + 2 modules
var build_worker = __webpack_require__(7007);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/worker/deploy-plan.js

/** Keys listed in a reviewed plan at most; past this only its digest is compared. */
const MAX_LISTED_KEYS = 2000;
function reviewedPlanOf(taskId, commit, plan) {
    const uploads = plan.uploads.map((upload) => upload.key).sort();
    const deletes = [...plan.deletes].sort();
    const digest = (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify({ uploads, deletes })).digest('hex');
    const complete = uploads.length + deletes.length <= MAX_LISTED_KEYS;
    return { task_id: taskId, commit, uploads: complete ? uploads : [], deletes: complete ? deletes : [], digest, complete };
}
/** What differs between the reviewed plan and the one at deploy time, in words; empty when they match. */
function planDifferences(reviewed, actual) {
    const differences = [];
    if (reviewed.commit && actual.commit && reviewed.commit !== actual.commit)
        differences.push(`builds ${actual.commit}, not the reviewed ${reviewed.commit}`);
    if (reviewed.digest === actual.digest)
        return differences;
    if (!reviewed.complete || !actual.complete) {
        differences.push(`the uploads and deletes differ from the reviewed plan (${actual.uploads.length || '?'} uploads; digest ${actual.digest.slice(0, 12)}, reviewed ${reviewed.digest.slice(0, 12)})`);
        return differences;
    }
    const list = (label, keys) => {
        if (keys.length === 0)
            return;
        differences.push(`${label}: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ` and ${keys.length - 20} more` : ''}`);
    };
    const reviewedUploads = new Set(reviewed.uploads);
    const actualUploads = new Set(actual.uploads);
    const reviewedDeletes = new Set(reviewed.deletes);
    const actualDeletes = new Set(actual.deletes);
    list('uploads not in the reviewed plan', actual.uploads.filter((key) => !reviewedUploads.has(key)));
    list('reviewed uploads no longer needed (the bucket already had them)', reviewed.uploads.filter((key) => !actualUploads.has(key)));
    list('deletes not in the reviewed plan', actual.deletes.filter((key) => !reviewedDeletes.has(key)));
    list('reviewed deletes no longer needed', reviewed.deletes.filter((key) => !actualDeletes.has(key)));
    return differences;
}
/** The defaults of handoff.yml's approval section; each rule in one place. */
const APPROVAL_DEFAULTS = {
    max_changed_share: 0.2,
    ask_on_deletes: true,
    ask_on_pages_removed: true,
    ask_on_template_changes: true,
};
/** Template and configuration files of a Hugo site: a change to one can change every page. */
function isTemplateOrConfig(sitePath, file) {
    const prefix = sitePath === '.' || sitePath === '' ? '' : `${sitePath.replace(/\/+$/, '')}/`;
    if (!file.startsWith(prefix))
        return false;
    const inSite = file.slice(prefix.length);
    return /^(layouts|themes|config|archetypes)\//.test(inSite) || /^(hugo|config)\.(toml|ya?ml|json)$/.test(inSite);
}
/**
 * The guide's "minor changes: deploy and inform; significant: ask" as a rule over the plan.
 * Production always asks (the typed confirmation). Pure.
 */
function decideApproval(task, plan, context, config) {
    const rules = { ...APPROVAL_DEFAULTS, ...config };
    const total = plan.uploads.length + plan.skipped + plan.deletes.length;
    const changed = plan.uploads.length + plan.deletes.length;
    const changedShare = total === 0 ? 0 : changed / total;
    const reasons = [];
    if (task.environment === 'production')
        reasons.push('a production deploy always needs the user\'s typed confirmation');
    if (plan.tooManyDeletes)
        reasons.push(`it would delete ${plan.tooManyDeletes.count} objects, more than the limit of ${plan.tooManyDeletes.limit}`);
    if (changedShare > rules.max_changed_share) {
        reasons.push(`${Math.round(changedShare * 100)}% of the files change (${changed} of ${total}), more than approval.max_changed_share ${Math.round(rules.max_changed_share * 100)}%`);
    }
    if (rules.ask_on_deletes && plan.deletes.length > 0)
        reasons.push(`it deletes ${plan.deletes.length} object${plan.deletes.length === 1 ? '' : 's'}`);
    const pages = plan.deletes.filter((key) => key.endsWith('.html'));
    if (rules.ask_on_pages_removed && pages.length > 0)
        reasons.push(`it removes ${pages.length} page${pages.length === 1 ? '' : 's'}: ${pages.slice(0, 5).join(', ')}${pages.length > 5 ? ', …' : ''}`);
    if (rules.ask_on_template_changes) {
        if (context.templateChanges === undefined) {
            reasons.push(context.previousDeploy ? `cannot tell whether templates or config changed since ${context.previousDeploy}` : `no earlier successful ${task.environment} deploy is recorded to compare templates and config with`);
        }
        else if (context.templateChanges.length > 0) {
            reasons.push(`templates or config changed since ${context.previousDeploy}: ${context.templateChanges.slice(0, 5).join(', ')}${context.templateChanges.length > 5 ? ', …' : ''}`);
        }
    }
    if (reasons.length > 0)
        return { approval: 'ask-user', reasons, changedShare };
    return {
        approval: 'not-needed',
        reasons: [`a minor change: ${changed} of ${total} files (${Math.round(changedShare * 100)}%), no deletes, no template or config changes; deploy and tell the user`],
        changedShare,
    };
}
//# sourceMappingURL=deploy-plan.js.map
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
;// CONCATENATED MODULE: ./lib/worker/source-choice.js
/** How long a staging result may be promoted after it finished, unless handoff.yml says otherwise. */
const DEFAULT_PROMOTE_MAX_AGE_HOURS = 72;
/** The commit a result was built from: its recorded source_commit, else the commit it ran on. */
function sourceCommitOf(result) {
    const recorded = result.outputs.source_commit;
    const commit = typeof recorded === 'string' && recorded ? recorded : result.commit;
    return commit && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : undefined;
}
/**
 * The rule, pure: a promote builds its staging result's commit, refused when that result is
 * missing, failed, not a staging deploy, or older than the allowed age; a rollback builds the
 * commit of the deploy it names, which must be a successful deploy of the same environment.
 */
function chooseSource(task, lookup) {
    if (task.type !== 'hugo-deploy' || (!task.promote_from && !task.rollback_to))
        return { ok: true, kind: 'checkout' };
    if (task.promote_from) {
        const id = task.promote_from;
        const refuse = (why) => ({
            ok: false,
            message: `promote refused, nothing deployed: the staging result ${id} ${why}`,
            next_step: 'Escalate: tell the user the staging deploy cannot be promoted; deploy to staging again (handoff wait, then verify it passes) and promote that task.',
        });
        const found = lookup.named;
        if (!found)
            return refuse('is missing (no results/*/' + id + '.result.md in this checkout)');
        const { result } = found;
        if (result.type !== 'hugo-deploy' || result.environment !== 'staging')
            return refuse(`is a ${result.type} in ${result.environment}, not a staging hugo-deploy`);
        if (result.site !== lookup.site)
            return refuse(`is of ${siteShown(result.site)}, not of ${siteShown(lookup.site)}`);
        if (result.status !== 'success')
            return refuse(`failed (${result.error?.category ?? 'criteria not met'}); only a successful staging deploy can be promoted`);
        const finished = Date.parse(result.finished_at);
        const maxHours = lookup.promoteMaxAgeHours ?? DEFAULT_PROMOTE_MAX_AGE_HOURS;
        if (!Number.isFinite(finished))
            return refuse('has no valid finished_at');
        const ageHours = (lookup.now.getTime() - finished) / 3_600_000;
        if (ageHours > maxHours)
            return refuse(`finished ${ageHours.toFixed(1)} h ago, older than the ${maxHours} h allowed (environments.production.promote_max_age_hours)`);
        const commit = sourceCommitOf(result);
        if (!commit)
            return refuse('records no source commit');
        return {
            ok: true,
            kind: 'commit',
            commit,
            outputs: { promoted_from: id, promoted_tree_digest: result.outputs.tree_digest ?? null },
            log: `promoting ${id}: building its commit ${commit} with production settings`,
        };
    }
    const id = task.rollback_to ?? '';
    const refuse = (why) => ({
        ok: false,
        message: `rollback refused, nothing deployed: ${why}`,
        next_step: 'Escalate: tell the user which deploy could not be rolled back to and why; handoff status lists the recent deploys.',
    });
    const found = lookup.named;
    if (!found)
        return refuse(`the result of ${id} is missing`);
    const { result } = found;
    if (result.type !== 'hugo-deploy' || result.environment !== task.environment)
        return refuse(`${id} is a ${result.type} in ${result.environment}, not a ${task.environment} deploy`);
    if (result.site !== lookup.site)
        return refuse(`${id} is of ${siteShown(result.site)}, not of ${siteShown(lookup.site)}`);
    if (result.status !== 'success')
        return refuse(`${id} failed; only a successful deploy can be rolled back to`);
    const commit = sourceCommitOf(result);
    if (!commit)
        return refuse(`${id} records no source commit`);
    const current = lookup.current;
    const from = current ? `${current.result.task_id}${sourceCommitOf(current.result) ? ` (${sourceCommitOf(current.result)})` : ''}` : 'no earlier successful deploy recorded';
    return {
        ok: true,
        kind: 'commit',
        commit,
        outputs: { rolled_back_from: current?.result.task_id ?? null, rolled_back_from_commit: current ? (sourceCommitOf(current.result) ?? null) : null, rolled_back_to: id, rolled_back_to_commit: commit },
        log: `rolling ${task.environment} back from ${from} to ${id} (${commit})`,
    };
}
function siteShown(site) {
    return site === undefined ? 'no named site' : `site ${site}`;
}
//# sourceMappingURL=source-choice.js.map
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
    const environment = tools.trustedEnvironment ?? (0,sites/* environmentOf */.p7)(site.site, task.environment);
    const choice = chooseSource(task, {
        named: task.promote_from || task.rollback_to ? await (0,find_results/* readResultOf */.FW)(repoRoot, task.promote_from ?? task.rollback_to ?? '') : undefined,
        current: task.rollback_to ? (await (0,find_results/* successfulDeploys */.dC)(repoRoot, task.environment, site.resultSite)).find(({ result }) => result.task_id !== task.id) : undefined,
        now: (tools.now ?? lib_clock/* systemClock */.m)(),
        promoteMaxAgeHours: environment?.promote_max_age_hours,
        ...(site.resultSite !== undefined ? { site: site.resultSite } : {}),
    });
    if (!choice.ok) {
        return { outputs: { deployment_success: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: choice.message, error: (0,worker_report/* escalate */.rh)(choice.message, choice.next_step) };
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
                outputs: { deployment_success: false, ...choice.outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) },
                log: message,
                error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the commit is not in this clone; check out with full history (fetch-depth: 0) and submit the task again.'),
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
        build = { ...build, log: [choice.log, build.log].filter(Boolean).join('\n') };
    const outputs = {
        ...build.outputs,
        ...(choice.kind === 'commit' ? choice.outputs : {}),
        build_duration_seconds: build.outputs.duration_seconds,
        deployment_success: false,
    };
    if (build.error)
        return { ...build, outputs: { ...outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) } };
    if (reviewed?.commit && outputs.source_commit !== reviewed.commit) {
        const message = `deploy refused, nothing deployed: it built ${String(outputs.source_commit)}, but the reviewer approved the plan of ${reviewed.commit}`;
        return { outputs: { ...outputs, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: [build.log, message].join('\n'), error: (0,worker_report/* escalate */.rh)(message, 'Escalate: what was approved is not what would ship; submit the task again so the plan is reviewed afresh.') };
    }
    const resolved = deploySettingsFor(task, external_node_path_.resolve(siteRoot, String(build.outputs.output_dir)), environment, tools.deployOverrides ?? {}, (0,sites/* environmentPath */.FQ)(site.site, task.environment));
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
            ? planDifferences(reviewed, reviewedPlanOf(task.id, sourceCommit, replanned.plan))
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
//# sourceMappingURL=deploy-worker.js.map

/***/ })

};

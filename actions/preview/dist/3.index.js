export const id = 3;
export const ids = [3];
export const modules = {

/***/ 9003:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openPreviewStore: () => (/* binding */ openPreviewStore)
/* harmony export */ });
/* harmony import */ var _deploy_s3_store_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9673);
/* harmony import */ var _deploy_target_defaults_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3104);
/* harmony import */ var _preview_folders_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1323);



/**
 * The dev bucket as the removal and the sweep see it. S3-compatible servers get path-style
 * addressing and only the checksums they require (unless environments.dev.checksum_mode says
 * otherwise), as a deploy to them does.
 */
function openPreviewStore(settings, access) {
    const client = (0,_deploy_s3_store_js__WEBPACK_IMPORTED_MODULE_0__/* .createS3Client */ .qo)((0,_deploy_target_defaults_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveS3Target */ .w9)({
        region: settings.region,
        endpoint: access.endpointOverride ?? settings.s3Endpoint ?? undefined,
        forcePathStyle: settings.forcePathStyle ?? undefined,
        checksumMode: settings.checksumMode ?? undefined,
        credentials: access.credentials,
    }));
    return { store: (0,_deploy_s3_store_js__WEBPACK_IMPORTED_MODULE_0__/* .createS3Store */ .oT)(client, { bucket: settings.bucket }), folders: (0,_preview_folders_js__WEBPACK_IMPORTED_MODULE_1__/* .bucketFolderLister */ .o)(client, settings.bucket), close: () => client.destroy() };
}
//# sourceMappingURL=preview-store.js.map

/***/ })

};

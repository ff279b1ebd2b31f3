/** handoff's version, written into every result file; a test keeps it equal to package.json's. */
export const HANDOFF_VERSION = '0.1.0';

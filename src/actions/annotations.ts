import path from 'node:path';
import * as core from '@actions/core';
import type { Annotation } from '../workflow/selection-outcome.js';

/**
 * Prints annotations as workflow commands (`::error file=…,line=…::`), which GitHub pins to the
 * file's line. Their paths are the repository's; `directory` is where the repository sits in the
 * workspace (actions/checkout's `path`), since GitHub reads annotation paths from there.
 */
export function emitAnnotations(annotations: readonly Annotation[], directory = ''): void {
  for (const annotation of annotations) {
    const properties: core.AnnotationProperties = { title: annotation.title };
    if (annotation.file !== undefined) properties.file = directory ? path.posix.join(directory, annotation.file) : annotation.file;
    if (annotation.line !== undefined) properties.startLine = annotation.line;
    if (annotation.column !== undefined) properties.startColumn = annotation.column;
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else if (annotation.level === 'warning') core.warning(annotation.message, properties);
    else core.notice(annotation.message, properties);
  }
}

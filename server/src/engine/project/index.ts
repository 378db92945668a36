/**
 * The project model: templates joined with the handler code they name (files and exports,
 * inline code, triggers, exposure, environment). Pure; the shell supplies `ProjectFiles`.
 */
export * from './types';
export { buildProject, primaryTrigger, type Project, type ProjectFunction, type ProjectInput, type ProjectTemplate, type InlineHandler, type UnresolvedHandler } from './build';
export { codeOffsetToTemplate, codeRangeToTemplate, type OffsetSegment } from './inline';
export { NODE_EXTENSIONS, type ProjectFiles, type UnresolvedReason } from './resolve-handler';
export { exposureOf, isHttpTrigger } from './triggers';
export { edgeValidationOf } from './edge-validation';

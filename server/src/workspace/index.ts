/**
 * Workspace access for the shells (CLI and LSP): file discovery, safe text
 * reading, the confined `${file(...)}` reader and the multi-file audit. The
 * engine never touches the file system; this module does it on its behalf.
 */
export { discoverFiles, isCandidateFileName, comparePaths, describeFsError, SKIPPED_DIRECTORIES, type DiscoveryOptions, type DiscoveryResult, type SkippedFile } from './discover';
export { readTextFileSafely, readTextFileSafelySync, decodeText, MAX_FILE_BYTES, type TextFileResult } from './read-file';
export { createWorkspaceFileReader, isInside } from './file-reader';
export { parseParametersFile, parseSamConfig, samConfigBeside, samConfigPathBeside, mergeParameters, ParameterFileError, SAMCONFIG_FILE } from './parameters';
export {
  auditFiles,
  auditText,
  emptyReport,
  CATEGORIES,
  SEVERITIES,
  type AuditIssue,
  type AuditOptions,
  type AuditReport,
  type LocatedEndpoint,
  type LocatedFinding,
  type LocatedPlace,
  type LineIndexOf,
  locate,
  type Position,
  type SuppressedReportEntry,
} from './audit';

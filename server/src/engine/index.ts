/**
 * The engine's entry point: text and settings in, findings out. Pure: no
 * file system, no network, no clock. Shells (LSP, CLI) import only from here.
 */
export * from './types';
export * from './rule';
export * from './code-rule';
export type * from './project/types';
export type * from './model/types';
export { analyze, type AnalyzeInput, type AnalysisResult, type EndpointSummary, type SuppressedFinding } from './analyze';
export { LineIndex } from './text/line-index';
export { detectKind, looksLikeTemplate, mayBeTemplate } from './model/kind';
export { parseDocument } from './parse';
export { parseDocumentReusing } from './parse/incremental';
export { MAX_DOCUMENT_LENGTH } from './limits';
export { suppressionFix } from './suppress/suppressions';
export { codeSuppressionFix, inlineCodeSuppressionFix } from './suppress/code-suppression-fix';
export { buildModel } from './model/build';
export { isSemgrepId, type SuppressionTool } from './suppress/other-tools';
export type { ValueExplanation, ExplanationStep } from './resolve/explain';
export { describeWhen, type Resolved, type Outcome, type Branch, type ConditionAssumption } from './resolve/resolver';
export { buildProject, primaryTrigger, codeOffsetToTemplate, codeRangeToTemplate, exposureOf, isHttpTrigger, edgeValidationOf, NODE_EXTENSIONS, type Project, type ProjectFunction, type ProjectInput, type ProjectTemplate, type ProjectFiles, type InlineHandler, type UnresolvedHandler, type UnresolvedReason, type OffsetSegment } from './project';
export { joinHandlerCode, summariseHandlerCode, type HandlerCodeSummary } from './project/handler-code';
export { analyzeCode, CodeDocumentCache, SyntaxTreeCache, relativeModuleSpecifiers, reExportedHandlers } from './code';
export { analyzeHandlerFile, type AnalyzeHandlerInput } from './code/analyze-handler';
export type * from './code/model';
export { iamActionsForCall, callTargetKind, resourceShapeOf, partiqlVerbOf, iamPrefixFor, SDK_HELPERS, type CallActions, type CallDetails, type SideAction, type SdkCallShape, type ResourceShape, type ResourceKind } from './least-privilege';
export { neededPolicy, actionResourcesOf, policyStatementsYaml, type NeededPolicy, type NeededPolicyOptions, type PolicyStatement, type PolicyResource } from './least-privilege/policy';
export { functionGrants, isActionGranted, permissionSummaryOf, grantedActionsOf, type FunctionGrants, type GrantAnswer, type PermissionSummary } from './least-privilege/grants';

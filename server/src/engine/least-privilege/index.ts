/**
 * Least privilege from the code: which IAM actions each AWS SDK call needs (`iamActionsForCall`) and
 * which resource each action acts on (`resourceShapeOf`). Pure mapping over the language-neutral code
 * model and the bundled IAM data; joining calls with a function's role is the caller's work.
 */
export { iamActionsForCall, partiqlVerbOf, apiOperationName, mappingTables, SDK_HELPERS, type CallActions, type CallDetails, type SideAction, type SdkCallShape } from './sdk-operations';
export { callTargetKind, resourceShapeOf, type ResourceShape, type ResourceKind } from './resource-kinds';
export { iamPrefixFor } from './service-prefixes';
export { COMMON_OPERATIONS } from './common-operations';

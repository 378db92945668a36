/** Types for scripts/compact-iam-resource-types.mjs, imported by the resource-type table test. */
export declare const OUTPUT: string;
export declare function compactIamResourceTypes(): string;

/** Types for compact-iam-data.mjs, imported by the test that keeps actions.json in step with the package. */
export declare const OUTPUT: string;
export declare function compactIamData(): string;

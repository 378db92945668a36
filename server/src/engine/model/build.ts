/**
 * Builds the application model of a document whose kind is known. The
 * format-specific readers fill one shared model; rules never see the format.
 */
import { Resolver } from '../resolve/resolver';
import { valueOf } from '../parse/tree';
import type { DocumentKind, ParsedDocument, WorkspaceFileReader } from '../types';
import { addCloudFormationResources, readResources } from './cloudformation';
import { addSamResources } from './sam';
import { addServerlessService } from './serverless';
import type { AppModel } from './types';

export function buildModel(document: ParsedDocument, kind: DocumentKind, readFile?: WorkspaceFileReader): AppModel {
  const model: AppModel = {
    kind,
    document,
    resolver: new Resolver(document, readFile),
    functions: [],
    endpoints: [],
    iamStatements: [],
    managedPolicies: [],
    resources: [],
    dataStores: [],
    sharedEnvironment: [],
  };
  if (kind === 'serverless') {
    addServerlessService(model);
  } else {
    const resources = readResources(valueOf(document.root, 'Resources'));
    addCloudFormationResources(model, resources);
    if (kind === 'sam') addSamResources(model, resources);
  }
  return model;
}

/**
 * Builds the application model of a document whose kind is known. The
 * format-specific readers fill one shared model; rules never see the format.
 */
import { Resolver } from '../resolve/resolver';
import { valueOf } from '../parse/tree';
import type { DocumentKind, ParameterValues, ParsedDocument, WorkspaceFileReader } from '../types';
import { addCloudFormationResources, readResources } from './cloudformation';
import { addAlbEndpoints } from './alb';
import { addApis } from './apis';
import { addAppSyncApis } from './appsync';
import { addSamResources } from './sam';
import { addServerlessService } from './serverless';
import type { AppModel, CfnResource } from './types';

export function buildModel(document: ParsedDocument, kind: DocumentKind, readFile?: WorkspaceFileReader, parameters?: ParameterValues): AppModel {
  const model: AppModel = {
    kind,
    document,
    resolver: new Resolver(document, readFile, { parameters }),
    readFile,
    functions: [],
    endpoints: [],
    iamStatements: [],
    managedPolicies: [],
    resources: [],
    sharedEnvironment: [],
    apis: [],
    appSyncApis: [],
  };
  if (kind === 'serverless') {
    addServerlessService(model);
  } else {
    const resources = possibleResources(model, readResources(valueOf(document.root, 'Resources')));
    addCloudFormationResources(model, resources);
    if (kind === 'sam') addSamResources(model, resources);
  }
  // After every resource (a serverless.yml's `resources` too): a serverless `alb` event's `listenerArn` may name one of them.
  addAlbEndpoints(model);
  addApis(model);
  addAppSyncApis(model);
  return model;
}

/**
 * A resource whose `Condition` is decided false (from constants or given
 * parameter values) is never created, so nothing is reported on it.
 * An undecided condition keeps the resource: it can happen.
 */
export function possibleResources(model: AppModel, resources: CfnResource[]): CfnResource[] {
  return resources.filter((resource) => resource.condition === undefined || model.resolver.evaluateCondition(resource.condition) !== false);
}

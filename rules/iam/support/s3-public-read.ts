/**
 * The static-website shape of a public bucket policy: everyone may only read
 * objects (`s3:GetObject`, `s3:GetObjectVersion`). Shared by the two rules
 * that split public bucket policies by severity; reads the model only.
 */
import type { IamStatement } from '../../../server/src/engine/model/types';
import type { Resolver } from '../../../server/src/engine/resolve/resolver';
import { knownActions } from './public-principal';

const OBJECT_READ_ACTIONS = new Set(['s3:getobject', 's3:getobjectversion']);

/** True when every action of the statement is known and is an object read. */
export function isPublicObjectReadOnly(statement: IamStatement, resolver: Resolver): boolean {
  const actions = knownActions(statement, resolver);
  return actions !== undefined && actions.length > 0 && actions.every((action) => OBJECT_READ_ACTIONS.has(action.toLowerCase()));
}

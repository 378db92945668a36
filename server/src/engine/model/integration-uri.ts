/**
 * The Lambda function an API Gateway integration invokes, read from its URI
 * (`Integration.Uri`, `IntegrationUri`, an OpenAPI `x-amazon-apigateway-integration.uri`).
 * Only the part between `functions/` and `/invocations` (or a bare function ARN) names
 * the function; a pseudo parameter, a template parameter or anything that is not a
 * function of this document gives undefined (unknown), never a guess.
 */
import { intrinsicName, isMap, isScalar, isSeq, scalarText, valueOf } from '../parse/tree';
import type { SourceNode } from '../types';
import type { AppModel } from './types';
import { resourceById } from './resource-index';

/** One piece of a URI: literal text, a reference to a logical id or parameter, a pseudo parameter, or something unreadable. */
type UriPiece = { kind: 'text'; text: string } | { kind: 'ref'; id: string } | { kind: 'pseudo' } | { kind: 'unknown' };

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
/** An alias or version invokes the function its `FunctionName` names. */
const FUNCTION_POINTER_TYPES = new Set(['AWS::Lambda::Alias', 'AWS::Lambda::Version']);
const MAX_DEPTH = 16;

/**
 * The model name of the function an integration URI invokes: the logical id of an
 * `AWS::Lambda::Function`/`AWS::Serverless::Function` (through an alias or version too), or a
 * Serverless function's name for its generated `<Name>LambdaFunction`. Undefined when the URI
 * invokes no function of this document or cannot be read.
 */
export function integrationFunctionOf(uri: SourceNode | null | undefined, model: AppModel): string | undefined {
  if (uri === undefined || uri === null) return undefined;
  const pieces = piecesOf(uri, undefined, 0);
  for (const id of functionPartReferences(pieces)) {
    const name = functionNamed(id, model);
    if (name) return name;
  }
  return undefined;
}

/** The references in the function part of a URI, in order. */
function functionPartReferences(pieces: UriPiece[]): string[] {
  // A text with one placeholder character per non-text piece, so that `functions/` and `/invocations`
  // can be found across pieces (`!Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/...']]`).
  let text = '';
  const positions: number[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') text += piece.text;
    else {
      positions.push(text.length);
      text += '\u0000';
    }
  }
  const nonText = pieces.filter((piece) => piece.kind !== 'text');
  const referencesBetween = (start: number, end: number) => nonText.flatMap((piece, index) => (piece.kind === 'ref' && positions[index] >= start && positions[index] < end ? [piece.id] : []));
  // `2015-03-31/functions/<arn>/invocations`, and for response streaming `2021-11-15/functions/<arn>/response-streaming-invocations`.
  const functions = /:lambda:path\/[\d-]+\/functions\//.exec(text);
  if (functions) {
    const start = functions.index + functions[0].length;
    const invocations = text.slice(start).search(/\/(response-streaming-)?invocations/);
    return referencesBetween(start, invocations < 0 ? text.length : start + invocations);
  }
  // Any other API Gateway service integration (`:sqs:path/`, `:states:action/`) or an HTTP URL invokes no function.
  if (/^arn:[^:]*:apigateway:/.test(text.replace(/\u0000/g, 'x')) || /^https?:/i.test(text)) return [];
  // HTTP APIs take the function's ARN itself (`IntegrationUri: !GetAtt Fn.Arn`), or a Lambda ARN built by `Fn::Sub`.
  const lambdaFunction = text.indexOf(':function:');
  if (lambdaFunction >= 0) return referencesBetween(lambdaFunction, text.length);
  return pieces.length === 1 && pieces[0].kind === 'ref' ? [pieces[0].id] : [];
}

function piecesOf(node: SourceNode | null | undefined, variables: SourceNode | null | undefined, depth: number): UriPiece[] {
  if (depth > MAX_DEPTH || node === undefined || node === null) return [{ kind: 'unknown' }];
  if (isScalar(node)) return [{ kind: 'text', text: node.value === null ? '' : String(node.value) }];
  const name = intrinsicName(node);
  if (!name || !isMap(node)) return [{ kind: 'unknown' }];
  const argument = node.entries[0].value;
  if (name === 'Ref') {
    const id = scalarText(argument);
    if (!id) return [{ kind: 'unknown' }];
    return [id.startsWith('AWS::') ? { kind: 'pseudo' } : { kind: 'ref', id }];
  }
  if (name === 'Fn::GetAtt') {
    const id = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument)?.split('.')[0];
    return [id ? { kind: 'ref', id } : { kind: 'unknown' }];
  }
  if (name === 'Fn::Sub') return subPieces(argument, depth);
  if (name === 'Fn::Join') {
    if (!isSeq(argument) || argument.items.length < 2 || !isSeq(argument.items[1])) return [{ kind: 'unknown' }];
    const delimiter = scalarText(argument.items[0]) ?? '';
    const out: UriPiece[] = [];
    argument.items[1].items.forEach((item, index) => {
      if (index > 0 && delimiter) out.push({ kind: 'text', text: delimiter });
      out.push(...piecesOf(item, variables, depth + 1));
    });
    return out;
  }
  return [{ kind: 'unknown' }];
}

/** `Fn::Sub` as text and references: `${X}` and `${X.Arn}` name X, `${AWS::Region}` is a pseudo parameter, a variable of the map is read in its place. */
function subPieces(argument: SourceNode | null | undefined, depth: number): UriPiece[] {
  const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
  if (template === undefined) return [{ kind: 'unknown' }];
  const variables = isSeq(argument) ? argument.items[1] : undefined;
  const out: UriPiece[] = [];
  let last = 0;
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    out.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index! + match[0].length;
    const inner = match[1].trim();
    // `${!Literal}` is the text `${Literal}`.
    if (inner.startsWith('!')) out.push({ kind: 'text', text: `\${${inner.slice(1)}}` });
    else if (isMap(variables) && valueOf(variables, inner) !== undefined) out.push(...piecesOf(valueOf(variables, inner), undefined, depth + 1));
    else if (inner.startsWith('AWS::')) out.push({ kind: 'pseudo' });
    else out.push({ kind: 'ref', id: inner.split('.')[0] });
  }
  out.push({ kind: 'text', text: template.slice(last) });
  return out;
}

/** A model function's name for a logical id, following an alias or version to its function. */
function functionNamed(id: string, model: AppModel, depth = 0): string | undefined {
  const resource = resourceById(model, id);
  if (resource && FUNCTION_TYPES.has(resource.type)) return id;
  if (resource && FUNCTION_POINTER_TYPES.has(resource.type) && depth < 2) {
    const target = piecesOf(valueOf(resource.properties, 'FunctionName'), undefined, 0).find((piece) => piece.kind === 'ref');
    return target?.kind === 'ref' ? functionNamed(target.id, model, depth + 1) : undefined;
  }
  // Serverless generates `<Name>LambdaFunction` for each function; its resources may name it.
  if (model.kind === 'serverless') return model.functions.find((fn) => serverlessFunctionLogicalId(fn.name) === id)?.name;
  return undefined;
}

/** Serverless names a function's CloudFormation resource `<Name>LambdaFunction`, with `-` as `Dash` and `_` as `Underscore`. */
function serverlessFunctionLogicalId(name: string): string {
  const normalised = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalised.charAt(0).toUpperCase()}${normalised.slice(1)}LambdaFunction`;
}


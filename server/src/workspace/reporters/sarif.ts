/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers. One run; every rule
 * of the registry is described (so `ruleIndex` is stable); suppressed
 * findings are results with an in-source suppression. Columns are UTF-16
 * code units, which the run declares.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeRuleMeta, RuleMeta, Severity } from '../../engine';
import type { AuditReport, LocatedFinding, LocatedPlace } from '..';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/serverless-ward/serverless-ward';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub maps these to critical/high (>= 7), medium (>= 4) and low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export interface SarifOptions {
  toolVersion: string;
  rules: ReadonlyArray<RuleMeta | CodeRuleMeta>;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[]; 'security-severity': string; precision: string; 'problem.severity': string };
}

export function formatSarif(report: AuditReport, options: SarifOptions): string {
  const rules: SarifRule[] = options.rules.map((meta) => describeRule(meta));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  // Findings from the engine itself (for example a suppression without a reason) have no registry entry.
  const addSyntheticRule = (finding: LocatedFinding) => {
    if (ruleIndex.has(finding.ruleId)) return;
    ruleIndex.set(finding.ruleId, rules.length);
    rules.push(
      describeRule({
        id: finding.ruleId,
        title: finding.ruleId,
        description: finding.message,
        remediation: `See ${finding.docsUrl}.`,
        category: finding.category,
        severity: finding.severity,
        confidence: 'high',
        equivalents: [],
        references: [],
        targets: [],
        messages: {},
        fix: 'none',
      }, finding.docsUrl),
    );
  };

  const fingerprints = new Map<string, number>();
  const results = [
    ...report.findings.map((finding) => ({ finding, suppression: undefined as undefined | { reason: string; via: string; tool?: string; toolRuleId?: string } })),
    ...report.suppressed.map((entry) => ({ finding: entry.finding, suppression: { reason: entry.reason, via: entry.via, tool: entry.tool, toolRuleId: entry.toolRuleId } })),
  ]
    .sort((a, b) => compareFindings(a.finding, b.finding))
    .map(({ finding, suppression }) => {
      addSyntheticRule(finding);
      const result: Record<string, unknown> = {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(finding.path),
              region: {
                startLine: finding.start.line + 1,
                startColumn: finding.start.character + 1,
                endLine: finding.end.line + 1,
                endColumn: finding.end.character + 1,
              },
            },
            ...(finding.resource ? { logicalLocations: [{ name: finding.resource, kind: 'resource' }] } : {}),
          },
        ],
        partialFingerprints: { 'slswardFindingHash/v1': fingerprint(finding, fingerprints) },
      };
      if (finding.relatedPlaces?.length) {
        result.relatedLocations = finding.relatedPlaces.map((place, index) => ({ id: index + 1, ...sarifLocation(place), message: { text: place.message } }));
      }
      // One thread flow per taint path, so GitHub code scanning shows the steps from source to sink.
      if (finding.flow?.length) {
        result.codeFlows = [{ threadFlows: [{ locations: finding.flow.map((place) => ({ location: { ...sarifLocation(place), message: { text: place.message } } })) }] }];
      }
      if (suppression) {
        // Another tool's suppression says which tool and id it came from, in the suppression's property bag.
        const properties = suppression.tool ? { properties: { via: suppression.via, tool: suppression.tool, toolRuleId: suppression.toolRuleId ?? '' } } : {};
        result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: suppression.reason, ...properties }];
      }
      return result;
    });

  const notifications = [
    ...report.skipped.map((entry) => ({
      level: 'warning',
      message: { text: `Skipped ${entry.path}: ${entry.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(entry.path) } }],
    })),
    // What could not be read, or read only in part (a syntax error, a `${file()}` not read, handler code the analysis
    // stopped short of): a CI log must show why a file has fewer findings than it might, as the text report does.
    ...report.issues.map((issue) => ({
      level: issue.severity === 'error' ? 'error' : 'warning',
      message: { text: `${issue.path}:${issue.start.line + 1}:${issue.start.character + 1}: ${issue.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(issue.path), region: { startLine: issue.start.line + 1, startColumn: issue.start.character + 1 } } }],
    })),
    ...report.internalErrors.map((entry) => ({
      level: 'error',
      message: { text: `Internal error in ${entry.path}: ${entry.message.split('\n')[0]}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(entry.path) } }],
    })),
  ];

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Serverless Ward',
            informationUri: INFORMATION_URI,
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        invocations: [{ executionSuccessful: report.internalErrors.length === 0, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifLocation(place: LocatedPlace): { physicalLocation: Record<string, unknown> } {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(place.path),
      region: { startLine: place.start.line + 1, startColumn: place.start.character + 1, endLine: place.end.line + 1, endColumn: place.end.character + 1 },
    },
  };
}

function describeRule(meta: RuleMeta | CodeRuleMeta, docsUrl?: string): SarifRule {
  const url = docsUrl ?? `${INFORMATION_URI}/blob/main/rules/${meta.category}/${meta.id}.md`;
  // Every check the rule can answer: some only on some findings (messageEquivalents, findingEquivalents), which each result names.
  const checks = [...new Set([...meta.equivalents, ...Object.values(meta.messageEquivalents ?? {}).flat(), ...('findingEquivalents' in meta ? (meta.findingEquivalents ?? []) : [])])];
  const equivalents = checks.length > 0 ? `\n\nEquivalent checks: ${checks.join(', ')}.` : '';
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_whole, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.remediation}${equivalents}\n\nDocumentation: ${url}`,
      markdown: `${meta.remediation}${equivalents}\n\n[Documentation](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      // GitHub code scanning reads a weakness as `external/cwe/cwe-<n>` (it shows and filters alerts by it).
      tags: [meta.category, 'security', ...('targets' in meta ? meta.targets : meta.languages), ...cweTagsOf(meta.references ?? [])],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: meta.confidence,
      'problem.severity': meta.severity === 'info' ? 'recommendation' : meta.severity,
    },
  };
}

function cweTagsOf(references: readonly string[]): string[] {
  return references.flatMap((reference) => {
    const match = /^CWE-(\d+)$/.exec(reference);
    return match ? [`external/cwe/cwe-${match[1]}`] : [];
  });
}

/**
 * A relative URI reference under `%SRCROOT%`, or a file URI for an absolute
 * path. The path is taken as it is: only the platform's separator separates
 * segments (on POSIX `\\` is an ordinary file-name character and is encoded),
 * and each segment is percent-encoded per RFC 3986, so `:` in a first segment
 * cannot read as a scheme and `#`, `?` and `%` stay part of the name.
 */
export function artifactLocation(path: string, platformSeparator: string = sep): { uri: string; uriBaseId?: string } {
  const wellFormed = replaceLoneSurrogates(path);
  if (isAbsolute(wellFormed)) return { uri: pathToFileURL(wellFormed).href };
  const separators = platformSeparator === '\\' ? /[\\/]+/ : /\/+/;
  const segments = wellFormed.split(separators).filter((segment) => segment !== '' && segment !== '.');
  return { uri: segments.map(encodeSegment).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Everything but RFC 3986's unreserved characters is encoded; `encodeURIComponent` leaves `!'()*`, which are legal but confuse some viewers. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `encodeURIComponent` throws on a lone surrogate; a file name cannot hold one on disk, but a report path might. */
function replaceLoneSurrogates(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Stable across edits that move lines: the rule, file, resource and message,
 * with digits dropped from the message so a changed line number or count in
 * it does not reopen an alert. Repeats get an occurrence number.
 */
function fingerprint(finding: LocatedFinding, seen: Map<string, number>): string {
  const key = [finding.ruleId, artifactLocation(finding.path).uri, finding.resource ?? '', finding.messageId, finding.message.replace(/\d+/g, '#')].join('\u0000');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  const occurrence = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, occurrence);
  return `${hash}:${occurrence}`;
}

function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start - b.range.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

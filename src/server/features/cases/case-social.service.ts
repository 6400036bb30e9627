import { createHash } from 'node:crypto';
import {
  MAX_SOCIAL_MENTIONS,
  SOCIAL_CSV_REQUIRED,
  SocialImportJson,
  type SocialImportReport,
  type SocialImportRow,
  SocialMention,
} from '../../../shared/contracts/case-social.js';
import { normalizeHeaderName } from '../../../shared/contracts/imports.js';
import type { FieldError } from '../../../shared/errors.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import { readCsv } from '../imports/imports.core.js';
import type { CaseSocialRepo } from './case-social.repo.js';
import { CASE_PERMISSIONS } from './cases.policy.js';
import { type CasesService, subjectFromBody } from './cases.service.js';
import { readSentiment } from './core/sentiment.js';

/** Idempotency keys of imported mentions live apart from those of other submissions. */
const KEY_PREFIX = 'social:';

/**
 * The idempotency key of a mention: its URL with the fragment and `utm_*` tracking parameters
 * dropped (scheme and host lower-cased by URL parsing), as a sha256 digest, so the same post
 * shared with another tracking tag is still one case.
 * @example mentionKey('https://X.com/a/status/1?utm_source=feed#top') === mentionKey('https://x.com/a/status/1')
 */
export function mentionKey(url: string): string {
  const u = new URL(url.trim());
  u.hash = '';
  for (const name of [...u.searchParams.keys()]) {
    if (/^utm_/i.test(name)) u.searchParams.delete(name);
  }
  return `${KEY_PREFIX}${createHash('sha256').update(u.toString()).digest('hex')}`;
}

/** A feed's mention fields as CSV columns name them. */
const CSV_COLUMN: Readonly<Record<string, string>> = {
  network: 'network',
  handle: 'handle',
  text: 'text',
  url: 'url',
  postedAt: 'posted_at',
  name: 'name',
};

/** Where intake names a field, as the mention's field. */
const INTAKE_FIELD: Readonly<Record<string, string>> = {
  'body.sender.social.network': 'network',
  'body.sender.social.handle': 'handle',
  'body.sender.name': 'name',
  'body.openedAt': 'postedAt',
  'body.subject': 'text',
  'body.body': 'text',
  'body.idempotencyKey': 'url',
};

/** One mention to import: where it is in the upload and its fields as sent. */
interface Candidate {
  line: number;
  fields: unknown;
  /** Refused before reading its fields (a CSV row of the wrong shape). */
  problems?: FieldError[];
}

export type SocialImportInput = { format: 'json'; body: unknown } | { format: 'csv'; text: string | Buffer };

/**
 * Social mentions — posts about the business that never reached it — become complaint cases
 * when they read as negative (core/sentiment.ts), so service recovery can start before the
 * customer gives up (PRODUCT.md §4). Authors are matched to customers by their handle through
 * intake, else become provisional customers. docs/cases.md has the rules.
 */
export function createCaseSocialService(deps: {
  tx: Database['tx'];
  repo: CaseSocialRepo;
  cases: Pick<CasesService, 'intake'>;
  audit: AuditLog;
}) {
  const { repo } = deps;

  /** The JSON form's mentions, each to be checked on its own. */
  function fromJson(body: unknown): Candidate[] {
    const { mentions } = SocialImportJson.parse(body);
    return mentions.map((fields, i) => ({ line: i, fields }));
  }

  /** A CSV feed's rows, named by the line each starts on, through the imports' CSV reader. */
  async function fromCsv(text: string | Buffer): Promise<Candidate[]> {
    const buffer = typeof text === 'string' ? Buffer.from(text) : text;
    const reader = readCsv(
      (async function* () {
        yield buffer;
      })(),
    );
    const records: { line: number; cells: string[] }[] = [];
    let step = await reader.next();
    while (!step.done) {
      records.push(...step.value);
      step = await reader.next();
    }
    const failure = step.value;
    const [header, ...rows] = records;
    if (!header) throw invalidField('body', 'is empty; send a header line and one mention a line');
    const columns = new Map<string, number>();
    header.cells.forEach((cell, i) => {
      const key = normalizeHeaderName(cell);
      if (!columns.has(key)) columns.set(key, i);
    });
    const missing = SOCIAL_CSV_REQUIRED.filter((c) => !columns.has(normalizeHeaderName(c)));
    if (missing.length) {
      throw invalidField(
        'body',
        `the header needs the columns ${SOCIAL_CSV_REQUIRED.join(', ')} (name optional); missing: ${missing.join(', ')}`,
      );
    }
    const out: Candidate[] = [];
    for (const r of rows) {
      if (r.cells.every((c) => c.trim() === '')) continue;
      if (r.cells.length > header.cells.length && r.cells.slice(header.cells.length).some((c) => c.trim())) {
        out.push({
          line: r.line,
          fields: null,
          problems: [
            { path: 'line', message: `has ${r.cells.length} cells, the header ${header.cells.length}` },
          ],
        });
        continue;
      }
      const cell = (field: string) => {
        const i = columns.get(normalizeHeaderName(CSV_COLUMN[field]!));
        return i === undefined ? undefined : r.cells[i];
      };
      const trimmed = (field: string) => cell(field)?.trim() || undefined;
      out.push({
        line: r.line,
        fields: {
          network: trimmed('network'),
          handle: trimmed('handle'),
          // The customer's words, as written.
          text: cell('text') ?? '',
          url: trimmed('url'),
          postedAt: trimmed('postedAt'),
          ...(trimmed('name') ? { name: trimmed('name') } : {}),
        },
      });
    }
    if (failure)
      out.push({ line: failure.line, fields: null, problems: [{ path: 'line', message: failure.message }] });
    return out;
  }

  async function importOne(
    actor: Actor,
    c: Candidate,
    pathOf: (field: string) => string,
  ): Promise<SocialImportRow> {
    if (c.problems) return { line: c.line, status: 'failed', problems: c.problems };
    const parsed = SocialMention.safeParse(c.fields);
    if (!parsed.success) {
      return {
        line: c.line,
        status: 'failed',
        problems: parsed.error.issues.map((i) => ({
          path: pathOf(String(i.code === 'unrecognized_keys' ? i.keys[0] : (i.path[0] ?? ''))),
          message: i.code === 'unrecognized_keys' ? 'is not a field of a mention' : i.message,
        })),
      };
    }
    const m = parsed.data;
    const sentiment = readSentiment(m.text);
    const read = { label: sentiment.label, score: sentiment.score };
    if (!sentiment.negative) return { line: c.line, status: 'skipped', sentiment: read };
    const key = mentionKey(m.url);
    const seen = await repo.findByKey(actor.workspaceId, key);
    if (seen) {
      return {
        line: c.line,
        status: 'duplicate',
        caseId: seen.id,
        reference: seen.reference,
        customerId: seen.customerId,
        sentiment: read,
      };
    }
    // Times without an offset are UTC.
    const postedAt = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(m.postedAt) ? m.postedAt : `${m.postedAt}Z`;
    try {
      return await deps.tx(async () => {
        const kase = await deps.cases.intake(actor, {
          type: 'complaint',
          channel: 'social',
          subject: subjectFromBody(m.text),
          body: m.text,
          openedAt: new Date(postedAt).toISOString(),
          tags: ['social'],
          idempotencyKey: key,
          sender: { social: { network: m.network, handle: m.handle }, ...(m.name ? { name: m.name } : {}) },
        });
        const row = {
          line: c.line,
          caseId: kase.id,
          reference: kase.reference,
          customerId: kase.customerId,
          customerCreated: kase.customerCreated,
          sentiment: read,
        };
        if (kase.duplicateOf) return { ...row, status: 'duplicate' as const };
        await repo.setSource(actor.workspaceId, kase.id, { sourceUrl: m.url, sentiment: 'negative' });
        return { ...row, status: 'created' as const };
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 403) throw err;
      const problems = err.fields.length
        ? err.fields.map((f) => ({ path: pathOf(INTAKE_FIELD[f.path] ?? f.path), message: f.message }))
        : [{ path: pathOf(''), message: err.message }];
      return { line: c.line, status: 'failed', sentiment: read, problems };
    }
  }

  /**
   * Imports a feed of mentions (JSON `{ mentions: [...] }` or CSV with the header
   * `network,handle,text,url,posted_at[,name]`): each negative one opens a complaint case
   * (channel social) once per URL; the others are counted and skipped. Every row is reported —
   * CSV rows by line, JSON mentions by index — and good rows land when others fail. At most
   * 500 mentions an import (a larger one is refused whole, naming `body`).
   */
  async function importMentions(actor: Actor, input: SocialImportInput): Promise<SocialImportReport> {
    requirePermission(actor, CASE_PERMISSIONS.create);
    const candidates = input.format === 'json' ? fromJson(input.body) : await fromCsv(input.text);
    if (candidates.length > MAX_SOCIAL_MENTIONS) {
      throw invalidField(
        input.format === 'json' ? 'body.mentions' : 'body',
        `holds ${candidates.length} mentions, more than ${MAX_SOCIAL_MENTIONS} an import; split the feed`,
      );
    }
    const rows: SocialImportRow[] = [];
    for (const c of candidates) {
      const pathOf = (field: string) =>
        input.format === 'json'
          ? ['body', 'mentions', String(c.line), field].filter(Boolean).join('.')
          : (CSV_COLUMN[field] ?? (field || 'line'));
      rows.push(await importOne(actor, c, pathOf));
    }
    const n = (status: SocialImportRow['status']) => rows.filter((r) => r.status === status).length;
    const report: SocialImportReport = {
      format: input.format,
      created: n('created'),
      duplicates: n('duplicate'),
      skipped: n('skipped'),
      failed: n('failed'),
      rows,
    };
    await deps.audit.record(actor, {
      action: 'case.social_import',
      entityType: 'case',
      entityId: null,
      after: {
        format: report.format,
        created: report.created,
        duplicates: report.duplicates,
        skipped: report.skipped,
        failed: report.failed,
        caseIds: rows.filter((r) => r.status === 'created').map((r) => r.caseId),
      },
    });
    return report;
  }

  return { importMentions };
}
export type CaseSocialService = ReturnType<typeof createCaseSocialService>;

import {
  CASE_TYPES,
  type CaseType,
  MAX_ATTACHMENT_BYTES,
  MAX_CASE_BODY,
  MAX_CASE_SUBJECT,
} from '../../../../shared/contracts/cases.js';

/**
 * Pure helpers of case e-mail: addresses, Message-IDs, subjects and the reply template.
 * Message-IDs are handled without their angle brackets throughout.
 */

/** A case reference as quoted in a subject: `[C-000123]` (any number of digits, any case). */
const REFERENCE_TAG = /\[\s*(C-\d{1,12})\s*\]/gi;

/**
 * The case references a subject quotes, upper-cased, in order, each once.
 * @example subjectReferences('Re: Cold shower [C-000123]') // ['C-000123']
 */
export function subjectReferences(subject: string): string[] {
  const found = [...subject.matchAll(REFERENCE_TAG)].map((m) => (m[1] ?? '').toUpperCase());
  return [...new Set(found)];
}

/**
 * The Message-IDs of a header value (`<a@x> <b@y>`), brackets off, each once; a bare value
 * without brackets counts as one id.
 * @example messageIds('<a@x>  <b@y>') // ['a@x', 'b@y']
 */
export function messageIds(header: string | readonly string[] | null | undefined): string[] {
  if (!header) return [];
  const values = typeof header === 'string' ? [header] : header;
  const ids: string[] = [];
  for (const v of values) {
    const bracketed = [...v.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
    if (bracketed.length) ids.push(...bracketed);
    else if (v.trim() && !/\s/.test(v.trim())) ids.push(v.trim());
  }
  return [...new Set(ids.filter(Boolean))];
}

/** Who a recipient address is for: the workspace's slug and the case type the address asks for. */
export interface InboundAddress {
  slug: string;
  type: CaseType;
}

/**
 * Reads an inbound address `<slug>[+<type>]@<domain>`: the local part, lower-cased, names the
 * workspace by its slug; a `+complaint`, `+suggestion`, `+question` or `+praise` tag picks the
 * type (other tags are ignored), a question by default. With `domain` set, an address of any
 * other domain is nobody's (null).
 * @example inboundAddress('Seaside+Complaint@Mail.Example', 'mail.example') // { slug: 'seaside', type: 'complaint' }
 */
export function inboundAddress(address: string, domain: string | null): InboundAddress | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at).trim().toLowerCase();
  const host = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (domain && host !== domain.toLowerCase()) return null;
  const [slug = '', tag] = local.split('+', 2);
  if (!slug) return null;
  const type = CASE_TYPES.find((t) => t === tag) ?? 'question';
  return { slug, type };
}

const cut = (s: string, max: number, mark: string) =>
  s.length <= max ? s : s.slice(0, max - mark.length) + mark;

/** Said at the end of a body cut to the case's limit. */
export const BODY_CUT_MARK = '\n\n[… the rest of this e-mail was cut: it was longer than 20,000 characters]';
/** What a case or message says for a mail with no text at all. */
export const EMPTY_BODY = '(The e-mail had no text.)';

/**
 * A mail's text as a case body: as given but for the line breaks that end every mail, cut to
 * 20,000 characters (saying so), or a note that there was none.
 */
export function mailBody(text: string | null | undefined): string {
  if (!text?.trim()) return EMPTY_BODY;
  return cut(text.trimEnd(), MAX_CASE_BODY, BODY_CUT_MARK);
}

/** A mail's subject as a case subject: white space collapsed, at most 200 characters; null when blank. */
export function mailSubject(subject: string | null | undefined): string | null {
  const s = (subject ?? '').replace(/\s+/g, ' ').trim();
  return s ? cut(s, MAX_CASE_SUBJECT, '…') : null;
}

/** What is kept of an attachment: metadata only. */
export interface AttachmentMeta {
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * The attachments a message may carry, in order: at most `maxCount` (20), each at most 10 MiB,
 * together at most `roomBytes` (what the case has left of its 25 MiB); the others are left off.
 * Names are cut to 255 characters; a content type that is not `type/subtype` becomes
 * `application/octet-stream`.
 */
export function fitAttachments(
  list: readonly { fileName?: string | null; contentType?: string | null; sizeBytes: number }[],
  roomBytes: number,
  maxCount = 20,
): { kept: AttachmentMeta[]; leftOff: number } {
  const kept: AttachmentMeta[] = [];
  let room = roomBytes;
  for (const a of list) {
    if (kept.length >= maxCount || a.sizeBytes > MAX_ATTACHMENT_BYTES || a.sizeBytes > room) continue;
    room -= a.sizeBytes;
    const type = (a.contentType ?? '').trim().toLowerCase();
    kept.push({
      fileName: cut(a.fileName?.trim() || 'attachment', 255, '…'),
      contentType:
        /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= 255 ? type : 'application/octet-stream',
      sizeBytes: a.sizeBytes,
    });
  }
  return { kept, leftOff: list.length - kept.length };
}

/**
 * The subject of a reply: `Re: ` and the case's subject with the reference tag at the end,
 * any `Re:`/`Fwd:` prefixes and old tags of the subject dropped first.
 * @example replySubject('Re: Cold shower [C-000123]', 'C-000123') === 'Re: Cold shower [C-000123]'
 */
export function replySubject(caseSubject: string, reference: string): string {
  const bare = caseSubject
    .replace(REFERENCE_TAG, ' ')
    .replace(/^\s*((re|aw|fwd?|wg)\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `Re: ${bare || 'Your message'} [${reference}]`;
}

/**
 * The text of a reply: a greeting, the agent's words as written, and a footer with the
 * business and the case reference that tells the customer how to answer.
 */
export function replyText(p: {
  customerName: string | null;
  body: string;
  business: string;
  reference: string;
}): string {
  const name = p.customerName?.trim();
  return [
    name ? `Hello ${name},` : 'Hello,',
    '',
    p.body.trimEnd(),
    '',
    '-- ',
    `${p.business} · case ${p.reference}`,
    `Reply to this e-mail to add to your case; please keep [${p.reference}] in the subject.`,
    '',
  ].join('\n');
}

/** What an automatic mail is: a delivery failure report, or an auto-reply (out of office…). */
export type AutomaticMail = 'bounce' | 'auto_reply';

/** What tells an automatic mail from a person's, as the listener reads it. */
export interface AutomaticSigns {
  /** The envelope sender was `<>`: the null return path delivery reports are sent from. */
  nullReturnPath: boolean;
  fromAddress: string | null;
  contentType: string | null;
  /** Lower-cased header names to their values (first value when repeated). */
  headers: Readonly<Record<string, string>>;
  subject: string | null;
}

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon)@/i;
const AUTO_SUBJECTS =
  /^\s*(out of office|automatic reply|auto[- ]?reply|autoreply|abwesenheitsnotiz|réponse automatique|respuesta automática)\b/i;

/**
 * Whether a mail was sent by a machine on someone's behalf, so it opens no case and restarts no
 * timer: a delivery status report (RFC 3464: `multipart/report; report-type=delivery-status`,
 * or the null return path, or mailer-daemon/postmaster) is a bounce; `Auto-Submitted` other
 * than `no` (RFC 3834), `X-Autoreply`/`X-Autorespond`, `Precedence: auto_reply|bulk|junk` or
 * an out-of-office subject is an auto-reply. Null for a person's mail.
 * @example automaticMail({ nullReturnPath: false, fromAddress: 'ann@x.test', contentType: 'text/plain', headers: { 'auto-submitted': 'auto-replied' }, subject: 'Away' }) === 'auto_reply'
 */
export function automaticMail(s: AutomaticSigns): AutomaticMail | null {
  const type = (s.contentType ?? '').toLowerCase();
  if (
    (type.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(type)) ||
    s.nullReturnPath ||
    BOUNCE_SENDERS.test(s.fromAddress ?? '')
  ) {
    return 'bounce';
  }
  const h = s.headers;
  const submitted = (h['auto-submitted'] ?? '').trim().toLowerCase();
  if (submitted && !submitted.startsWith('no')) return 'auto_reply';
  if (h['x-autoreply'] !== undefined || h['x-autorespond'] !== undefined) return 'auto_reply';
  if (/^\s*(auto_reply|bulk|junk)\s*$/i.test(h.precedence ?? '')) return 'auto_reply';
  if (AUTO_SUBJECTS.test(s.subject ?? '')) return 'auto_reply';
  return null;
}

const QUOTED_MESSAGE_ID = /^message-id:\s*<([^>\s]+)>/gim;

/**
 * The Message-IDs a delivery report quotes from the mail that failed (its returned headers), in
 * order, each once, with those of its own In-Reply-To and References.
 * @example bouncedMessageIds('…\nMessage-ID: <r1@rapport.test>\n…', []) // ['r1@rapport.test']
 */
export function bouncedMessageIds(raw: string, threadIds: readonly string[]): string[] {
  const ids = [...raw.matchAll(QUOTED_MESSAGE_ID)].map((m) => m[1]!);
  return [...new Set([...threadIds, ...ids])];
}

/**
 * Why a delivery failed, as a report says it: its `Diagnostic-Code` or `Status`, else the
 * first non-empty line of its text, at most 300 characters.
 */
export function bounceReason(text: string | null): string {
  const t = text ?? '';
  const diag = /^diagnostic-code:\s*(?:smtp;\s*)?(.+)$/im.exec(t)?.[1] ?? /^status:\s*(.+)$/im.exec(t)?.[1];
  const line =
    diag ?? t.split(/\r?\n/).find((l) => l.trim() !== '') ?? 'the recipient’s server reported a failure';
  return `bounced: ${line.trim()}`.slice(0, 300);
}

/**
 * A small, explainable negative-sentiment reader for social mentions: a word list with weights,
 * in the manner of VADER (Hutto & Gilbert, 2014) but much smaller and written for service
 * complaints. It is meant to flag posts that read as unhappy so they become cases, not to grade
 * opinion finely; every term it counted is returned so an agent can see why.
 *
 * Rules, in order:
 * - Text is lower-cased and split into words (letters, digits, apostrophes); emoticons and
 *   emoji are read first, since splitting would break them.
 * - Phrases ("never again", "rip off") are matched before single words and take their words.
 * - A negator ("not", "never", "n't", "kein", "pas"…) within the three words before a sentiment
 *   word flips it at half strength: "not good" reads mildly negative, "not bad" mildly positive.
 * - An intensifier ("very", "so", "really"…) just before a word multiplies it by 1.5, a
 *   softener ("slightly", "a bit") by 0.5; a word in capitals in a text that is not all
 *   capitals counts 1.5 times ("the room was FILTHY").
 * - After "but" ("aber", "mais", "pero") the words count 1.5 times and those before it half:
 *   "great staff but the room was dirty" is a complaint.
 * - Up to three exclamation marks strengthen the total by 10% each.
 * - The weighted sum `s` is squashed to `score = s / √(s² + 15)` in (−1, 1), VADER's
 *   normalisation. `score ≤ −0.2` is negative, `≥ 0.2` positive, anything between neutral.
 *
 * Languages: English in full, and the commonest words of German, French and Spanish reviews.
 */

/** At or below this score a text reads as negative. */
export const NEGATIVE_AT = -0.2;
/** At or above this score a text reads as positive. */
export const POSITIVE_AT = 0.2;

/** How strongly each word leans, from −3 (very negative) to +3. */
const WORDS: Readonly<Record<string, number>> = {
  // English, negative
  awful: -3,
  terrible: -3,
  horrible: -3,
  horrendous: -3,
  worst: -3,
  disgusting: -3,
  filthy: -3,
  appalling: -3,
  atrocious: -3,
  unacceptable: -3,
  scam: -3,
  nightmare: -3,
  furious: -3,
  hate: -3,
  hated: -3,
  dreadful: -3,
  bad: -2,
  poor: -2,
  rude: -2,
  dirty: -2,
  broken: -2,
  disappointed: -2,
  disappointing: -2,
  disappointment: -2,
  angry: -2,
  upset: -2,
  useless: -2,
  unhelpful: -2,
  overpriced: -2,
  overcharged: -2,
  ripoff: -3,
  ruined: -2,
  mess: -2,
  smelly: -2,
  stinks: -2,
  gross: -2,
  lousy: -2,
  pathetic: -2,
  ignored: -2,
  lost: -1,
  cancelled: -1,
  canceled: -1,
  delayed: -1,
  late: -1,
  slow: -1,
  cold: -1,
  noisy: -1,
  waited: -1,
  waiting: -1,
  complaint: -1,
  complain: -1,
  refund: -1,
  fail: -2,
  failed: -2,
  fails: -2,
  sick: -2,
  unfriendly: -2,
  mediocre: -1,
  meh: -1,
  annoyed: -2,
  annoying: -2,
  frustrated: -2,
  frustrating: -2,
  sad: -1,
  sorry: -1,
  // English, positive
  good: 2,
  great: 3,
  excellent: 3,
  amazing: 3,
  awesome: 3,
  fantastic: 3,
  wonderful: 3,
  perfect: 3,
  outstanding: 3,
  love: 3,
  loved: 3,
  best: 3,
  lovely: 2,
  nice: 2,
  friendly: 2,
  helpful: 2,
  clean: 1,
  comfortable: 2,
  delicious: 3,
  happy: 2,
  pleased: 2,
  recommend: 2,
  recommended: 2,
  beautiful: 2,
  thanks: 1,
  thank: 1,
  enjoyed: 2,
  fine: 1,
  // German
  schlecht: -2,
  schrecklich: -3,
  furchtbar: -3,
  enttäuscht: -2,
  enttäuschend: -2,
  dreckig: -2,
  schmutzig: -2,
  unfreundlich: -2,
  katastrophe: -3,
  gut: 2,
  toll: 3,
  super: 2,
  freundlich: 2,
  danke: 1,
  // French
  mauvais: -2,
  nul: -2,
  décevant: -2,
  déçu: -2,
  déçue: -2,
  sale: -2,
  bon: 2,
  génial: 3,
  merci: 1,
  parfait: 3,
  // Spanish
  malo: -2,
  mala: -2,
  pésimo: -3,
  pésima: -3,
  sucio: -2,
  sucia: -2,
  decepcionado: -2,
  decepcionada: -2,
  bueno: 2,
  buena: 2,
  excelente: 3,
  genial: 3,
  gracias: 1,
};

/** Phrases matched before words; each takes the words it spans. */
const PHRASES: readonly { words: readonly string[]; weight: number }[] = [
  { words: ['never', 'again'], weight: -3 },
  { words: ['rip', 'off'], weight: -3 },
  { words: ['waste', 'of', 'money'], weight: -3 },
  { words: ['waste', 'of', 'time'], weight: -2 },
  { words: ['no', 'one', 'answered'], weight: -2 },
  { words: ['nobody', 'answered'], weight: -2 },
  { words: ['still', 'waiting'], weight: -2 },
  { words: ['customer', 'service', 'sucks'], weight: -3 },
  { words: ['sucks'], weight: -2 },
  { words: ['not', 'worth'], weight: -2 },
  { words: ['nie', 'wieder'], weight: -3 },
  { words: ['plus', 'jamais'], weight: -3 },
  { words: ['nunca', 'más'], weight: -3 },
  { words: ['nunca', 'mas'], weight: -3 },
];

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'nobody',
  'neither',
  'nor',
  'without',
  'hardly',
  'barely',
  'cannot',
  'nicht',
  'kein',
  'keine',
  'keinen',
  'nie',
  'pas',
  'jamais',
  'ni',
  'nunca',
  'tampoco',
]);
const INTENSIFIERS = new Set([
  'very',
  'really',
  'so',
  'extremely',
  'totally',
  'absolutely',
  'super',
  'incredibly',
  'utterly',
  'too',
  'completely',
  'sehr',
  'très',
  'muy',
]);
const SOFTENERS = new Set(['slightly', 'somewhat', 'kinda', 'fairly', 'little', 'bit']);
const BUT = new Set(['but', 'however', 'aber', 'mais', 'pero']);

/** Emoticons and emoji with their weights; matched on the raw text. */
const EMOTICONS: readonly { pattern: RegExp; weight: number; term: string }[] = [
  { pattern: /(?:^|\s)(?::-?\(|:'\(|:-?\/|>:-?\(|D:)(?=\s|$)/gu, weight: -2, term: ':(' },
  { pattern: /(?:^|\s)(?::-?\)|:-?D|;-?\)|<3)(?=\s|$)/gu, weight: 2, term: ':)' },
  { pattern: /[\u{1F620}\u{1F621}\u{1F92C}\u{1F624}]/gu, weight: -3, term: 'angry emoji' },
  {
    pattern: /[\u{1F61E}\u{1F622}\u{1F62D}\u{1F641}\u{2639}\u{1F44E}\u{1F92E}\u{1F922}\u{1F612}]/gu,
    weight: -2,
    term: 'unhappy emoji',
  },
  {
    pattern: /[\u{1F600}-\u{1F60D}\u{1F642}\u{1F970}\u{1F44D}\u{2764}\u{1F49A}\u{1F499}\u{2B50}]/gu,
    weight: 2,
    term: 'happy emoji',
  },
];

export interface SentimentTerm {
  /** The word, phrase or emoticon counted. */
  term: string;
  /** Its weight after negation, intensity and position. */
  weight: number;
}

export interface Sentiment {
  /** In (−1, 1): below zero leans negative. */
  score: number;
  label: 'negative' | 'neutral' | 'positive';
  /** Whether the text reads as negative (`score ≤ NEGATIVE_AT`): the flag that makes a case. */
  negative: boolean;
  /** What was counted, in reading order (emoticons first). */
  terms: SentimentTerm[];
}

const WORD = /[\p{L}\p{N}']+/gu;

/** Words of `text` as written (case kept, for the capitals rule), apostrophes kept inside words. */
function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean);
}

const isNegator = (w: string) => NEGATORS.has(w) || w.endsWith("n't");

/** Whether a word is written in capitals and long enough for that to be shouting. */
const shouted = (w: string) => w.length >= 3 && w === w.toUpperCase() && w !== w.toLowerCase();

/**
 * Reads the sentiment of a short text (a post, a review, a comment).
 * @example readSentiment('The room was not clean and the staff were rude').label === 'negative'
 * @example readSentiment('Not bad at all, lovely view!').label === 'positive'
 */
export function readSentiment(text: string): Sentiment {
  const terms: SentimentTerm[] = [];
  let sum = 0;

  for (const e of EMOTICONS) {
    const found = text.match(e.pattern)?.length ?? 0;
    for (let i = 0; i < found; i++) {
      terms.push({ term: e.term, weight: e.weight });
      sum += e.weight;
    }
  }

  const raw = words(text);
  const lower = raw.map((w) => w.toLowerCase());
  const allCaps = raw.filter((w) => /\p{L}/u.test(w)).every(shouted);
  const butAt = lower.findIndex((w) => BUT.has(w));

  const scored: { index: number; term: string; weight: number }[] = [];
  const taken = new Set<number>();
  for (const phrase of PHRASES) {
    for (let i = 0; i + phrase.words.length <= lower.length; i++) {
      if (phrase.words.some((w, k) => lower[i + k] !== w || taken.has(i + k))) continue;
      for (let k = 0; k < phrase.words.length; k++) taken.add(i + k);
      scored.push({ index: i, term: phrase.words.join(' '), weight: phrase.weight });
    }
  }
  for (let i = 0; i < lower.length; i++) {
    if (taken.has(i)) continue;
    const base = WORDS[lower[i]!];
    if (base === undefined) continue;
    // "super slow": a word that is both, before a sentiment word, only intensifies it.
    const next = lower[i + 1];
    if (INTENSIFIERS.has(lower[i]!) && next !== undefined && WORDS[next] !== undefined) continue;
    let weight = base;
    const before = lower[i - 1];
    if (before && INTENSIFIERS.has(before)) weight *= 1.5;
    else if (before && SOFTENERS.has(before)) weight *= 0.5;
    if (!allCaps && shouted(raw[i]!)) weight *= 1.5;
    // "not very good": the negator may sit up to three words back.
    for (let k = 1; k <= 3; k++) {
      const w = lower[i - k];
      if (w === undefined || taken.has(i - k)) break;
      if (isNegator(w)) {
        weight *= -0.5;
        break;
      }
    }
    scored.push({ index: i, term: lower[i]!, weight });
  }
  scored.sort((a, b) => a.index - b.index);
  for (const s of scored) {
    let weight = s.weight;
    if (butAt >= 0) weight *= s.index > butAt ? 1.5 : 0.5;
    terms.push({ term: s.term, weight: round(weight) });
    sum += weight;
  }

  const bangs = Math.min(3, (text.match(/!/g) ?? []).length);
  if (sum !== 0) sum *= 1 + 0.1 * bangs;
  const score = round(sum / Math.sqrt(sum * sum + 15));
  const label = score <= NEGATIVE_AT ? 'negative' : score >= POSITIVE_AT ? 'positive' : 'neutral';
  return { score, label, negative: label === 'negative', terms };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
